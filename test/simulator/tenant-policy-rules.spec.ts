import { expect } from "chai";
import fc from "fast-check";
import { validatePolicy } from "../../provider/policy/validate";
import { tenantPolicyErrors } from "../../provider/simulator/tenant-policy-rules";
import { validPolicy } from "../helpers/policy-arbitraries";

const ok = {
  corsOrigins: ["https://shop.example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 30 },
  rules: [{ id: "no-admin", action: "block", pattern: "/admin/*" }],
  allowInsecureOrigins: false,
};
const fields = (policy: unknown) => tenantPolicyErrors(policy).map((e) => e.field);

describe("tenantPolicyErrors", () => {
  it("accepts a policy that meets the tenant's limits", () => {
    expect(tenantPolicyErrors(ok)).to.deep.equal([]);
  });

  it("accepts every policy the provider's validator accepts, as the provider writes it", () => {
    fc.assert(
      fc.property(validPolicy, (input) => {
        const result = validatePolicy(input);
        if (result.ok) expect(tenantPolicyErrors(result.policy)).to.deep.equal([]);
      }),
      { numRuns: 2_000 },
    );
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(tenantPolicyErrors(value)).to.be.an("array");
      }),
      { numRuns: 2_000 },
    );
  });

  it("refuses what the tenant does not store, naming each field", () => {
    expect(
      fields({
        ...ok,
        managedBy: "someone",
        corsOrigins: ["http://shop.example.com", "https://a.example/path"],
        authentication: { requireToken: true, tokenExpiryMinutes: 1441 },
        rules: [
          { id: "a", action: "deny", pattern: "" },
          { id: "a", action: "redirect", pattern: "/x", redirectUrl: "http://x.example" },
          { id: "b", action: "log", pattern: "/y", redirectUrl: "https://x.example" },
        ],
      }),
    ).to.deep.equal([
      "settings.securityPolicies.managedBy",
      "settings.securityPolicies.corsOrigins[0]",
      "settings.securityPolicies.corsOrigins[1]",
      "settings.securityPolicies.authentication.tokenExpiryMinutes",
      "settings.securityPolicies.rules[0].action",
      "settings.securityPolicies.rules[0].pattern",
      "settings.securityPolicies.rules[1].id",
      "settings.securityPolicies.rules[1].redirectUrl",
      "settings.securityPolicies.rules[2].redirectUrl",
    ]);
  });

  it("allows http origins with allowInsecureOrigins, or on loopback", () => {
    expect(fields({ ...ok, corsOrigins: ["http://localhost:3000"] })).to.deep.equal([]);
    expect(
      fields({ ...ok, corsOrigins: ["http://shop.example.com"], allowInsecureOrigins: true }),
    ).to.deep.equal([]);
  });

  it("holds the shared limits: 50 rules, and a token lifetime from 5 to 1440 minutes", () => {
    const rules = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `r${i}`, action: "log", pattern: "/*" }));
    expect(fields({ ...ok, rules: rules(50) })).to.deep.equal([]);
    expect(fields({ ...ok, rules: rules(51) })).to.deep.equal(["settings.securityPolicies.rules"]);
    expect(
      fields({ ...ok, authentication: { requireToken: true, tokenExpiryMinutes: 5 } }),
    ).to.deep.equal([]);
    expect(fields({ ...ok, authentication: { requireToken: true } })).to.deep.equal([
      "settings.securityPolicies.authentication.tokenExpiryMinutes",
    ]);
  });
});
