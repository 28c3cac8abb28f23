import { expect } from "chai";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { parsePolicy, validatePolicy } from "../../provider/policy/validate";

const base = () => ({
  corsOrigins: ["https://example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 60 },
  rules: [{ id: "block-admin", action: "block", pattern: "/admin/*" }],
});

function violationsOf(input: unknown): Array<{ path: string; reason: string }> {
  const result = validatePolicy(input);
  if (result.ok) throw new Error("expected violations");
  return [...result.violations];
}

function reasonAt(input: unknown, path: string): string {
  const found = violationsOf(input).filter((v) => v.path === path);
  expect(found, `violations at ${path}`).to.have.length.greaterThan(0);
  return found.map((v) => v.reason).join(" | ");
}

describe("validatePolicy", () => {
  it("accepts a valid policy and fills in the defaults", () => {
    const result = validatePolicy({
      corsOrigins: ["https://a.example"],
      authentication: { requireToken: false },
    });
    expect(result).to.deep.equal({
      ok: true,
      policy: {
        corsOrigins: ["https://a.example"],
        authentication: { requireToken: false },
        rules: [],
        allowInsecureOrigins: false,
      },
    });
  });

  it("sorts origins, since their order has no meaning, and keeps rules in order, since it does", () => {
    const input = base();
    input.corsOrigins = ["https://b.example", "https://a.example"];
    input.rules.push({ id: "a-first", action: "log", pattern: ".*" });
    const result = validatePolicy(input);
    if (!result.ok) throw new Error("expected ok");
    expect(result.policy.corsOrigins).to.deep.equal(["https://a.example", "https://b.example"]);
    expect(result.policy.rules.map((r) => r.id)).to.deep.equal(["block-admin", "a-first"]);
  });

  it("does not mutate the caller's object", () => {
    const input = base();
    input.corsOrigins = ["HTTPS://EXAMPLE.COM/"];
    const before = JSON.stringify(input);
    validatePolicy(input);
    validatePolicy({ ...input, rules: [{ id: "", action: "x", pattern: "" }] });
    expect(JSON.stringify(input)).to.equal(before);
  });

  it("returns every violation at once, each with a path and a reason", () => {
    const violations = violationsOf({
      corsOrigins: ["*", "http://evil.example"],
      authentication: { requireToken: true, tokenExpiryMinutes: 2 },
      rules: [
        { id: "bad id!", action: "deny", pattern: "" },
        { id: "x", action: "redirect", pattern: "javascript:alert(1)" },
      ],
    });
    expect(violations.map((v) => v.path)).to.have.members([
      "corsOrigins[0]",
      "corsOrigins[1]",
      "authentication.tokenExpiryMinutes",
      "rules[0].id",
      "rules[0].action",
      "rules[0].pattern",
      "rules[1].pattern",
      "rules[1].redirectUrl",
    ]);
    for (const v of violations) expect(v.reason).to.be.a("string").and.not.equal("");
  });

  describe("corsOrigins", () => {
    it("must be a non-empty list", () => {
      expect(reasonAt({ ...base(), corsOrigins: [] }, "corsOrigins")).to.match(
        /at least one origin/,
      );
      expect(reasonAt({ ...base(), corsOrigins: "https://a.example" }, "corsOrigins")).to.match(
        /"https:\/\/a.example" must be a list of origins/,
      );
    });

    it("names both entries when two normalize to the same origin", () => {
      const reason = reasonAt(
        { ...base(), corsOrigins: ["https://example.com", "HTTPS://Example.com:443/"] },
        "corsOrigins[1]",
      );
      expect(reason).to.contain('"HTTPS://Example.com:443/"');
      expect(reason).to.contain('corsOrigins[0] "https://example.com"');
      expect(reason).to.contain("https://example.com");
    });

    it("allows http origins only with allowInsecureOrigins", () => {
      const input = { ...base(), corsOrigins: ["http://intranet.example"] };
      expect(reasonAt(input, "corsOrigins[0]")).to.match(/"http:\/\/intranet.example" uses http/);
      expect(validatePolicy({ ...input, allowInsecureOrigins: true }).ok).to.equal(true);
    });
  });

  describe("authentication", () => {
    it("requires tokenExpiryMinutes when requireToken is true", () => {
      const reason = reasonAt(
        { ...base(), authentication: { requireToken: true } },
        "authentication.tokenExpiryMinutes",
      );
      expect(reason).to.match(/required when requireToken is true/);
    });

    it("accepts 5 and 1440 minutes and rejects 4, 1441 and fractions", () => {
      const withExpiry = (m: number) => ({
        ...base(),
        authentication: { requireToken: true, tokenExpiryMinutes: m },
      });
      expect(validatePolicy(withExpiry(5)).ok).to.equal(true);
      expect(validatePolicy(withExpiry(1440)).ok).to.equal(true);
      expect(reasonAt(withExpiry(4), "authentication.tokenExpiryMinutes")).to.equal(
        "4 must be from 5 to 1440 minutes",
      );
      expect(reasonAt(withExpiry(1441), "authentication.tokenExpiryMinutes")).to.equal(
        "1441 must be from 5 to 1440 minutes",
      );
      expect(reasonAt(withExpiry(7.5), "authentication.tokenExpiryMinutes")).to.match(
        /7.5 must be a whole number/,
      );
    });

    it("requires requireToken to be a boolean", () => {
      expect(
        reasonAt(
          { ...base(), authentication: { requireToken: "yes" } },
          "authentication.requireToken",
        ),
      ).to.equal('"yes" must be true or false');
    });
  });

  describe("rules", () => {
    const withRules = (rules: unknown[]) => ({ ...base(), rules });
    const rule = (i: number) => ({ id: `r${i}`, action: "log", pattern: `/p${i}` });

    it("accepts 50 rules and rejects 51", () => {
      expect(validatePolicy(withRules(Array.from({ length: 50 }, (_, i) => rule(i)))).ok).to.equal(
        true,
      );
      expect(reasonAt(withRules(Array.from({ length: 51 }, (_, i) => rule(i))), "rules")).to.equal(
        "has 51 entries and must have at most 50 rules",
      );
    });

    it("requires ids to be unique, naming the earlier rule", () => {
      expect(reasonAt(withRules([rule(1), rule(2), rule(1)]), "rules[2].id")).to.equal(
        '"r1" is already the id of rules[0]; rule ids must be unique',
      );
    });

    it("limits ids to 64 characters from [A-Za-z0-9_-]", () => {
      expect(validatePolicy(withRules([{ ...rule(0), id: "A-z_9".padEnd(64, "x") }])).ok).to.equal(
        true,
      );
      expect(reasonAt(withRules([{ ...rule(0), id: "x".repeat(65) }]), "rules[0].id")).to.match(
        /at most 64/,
      );
      expect(reasonAt(withRules([{ ...rule(0), id: "a.b" }]), "rules[0].id")).to.match(
        /letters, digits, _ and -/,
      );
      expect(reasonAt(withRules([{ ...rule(0), id: "" }]), "rules[0].id")).to.match(
        /must not be empty/,
      );
    });

    it("accepts only the actions block, allow, redirect and log", () => {
      expect(reasonAt(withRules([{ ...rule(0), action: "deny" }]), "rules[0].action")).to.equal(
        '"deny" must be one of block, allow, redirect, log',
      );
    });

    it("requires an https redirectUrl for redirect rules, and only for them", () => {
      expect(
        reasonAt(withRules([{ ...rule(0), action: "redirect" }]), "rules[0].redirectUrl"),
      ).to.match(/required when action is redirect/);
      expect(
        reasonAt(
          withRules([{ ...rule(0), action: "redirect", redirectUrl: "http://x.example" }]),
          "rules[0].redirectUrl",
        ),
      ).to.match(/must use https/);
      expect(
        reasonAt(
          withRules([{ ...rule(0), redirectUrl: "https://x.example" }]),
          "rules[0].redirectUrl",
        ),
      ).to.match(/only applies to redirect rules/);
      expect(
        validatePolicy(
          withRules([{ ...rule(0), action: "redirect", redirectUrl: "https://x.example/help" }]),
        ).ok,
      ).to.equal(true);
    });

    it("limits patterns to 1 to 1024 characters", () => {
      expect(validatePolicy(withRules([{ ...rule(0), pattern: "a".repeat(1024) }])).ok).to.equal(
        true,
      );
      expect(
        reasonAt(withRules([{ ...rule(0), pattern: "a".repeat(1025) }]), "rules[0].pattern"),
      ).to.match(/at most 1024 characters/);
      expect(reasonAt(withRules([{ ...rule(0), pattern: "" }]), "rules[0].pattern")).to.match(
        /must not be empty/,
      );
    });

    it("rejects a pattern with an XSS vector, naming the vector, and never rewrites it", () => {
      const input = withRules([{ ...rule(0), pattern: "/q=%3Cscript%3E" }]);
      expect(reasonAt(input, "rules[0].pattern")).to.match(/script-injection vector "<script"/);
      expect((input.rules[0] as { pattern: string }).pattern).to.equal("/q=%3Cscript%3E");
    });

    it("rejects angle brackets, explaining that CXone strips them", () => {
      expect(reasonAt(withRules([{ ...rule(0), pattern: "/a>b" }]), "rules[0].pattern")).to.match(
        /CXone strips angle brackets/,
      );
    });
  });

  it("names unknown properties instead of dropping them", () => {
    expect(reasonAt({ ...base(), corsOrigin: ["https://a.example"] }, "corsOrigin")).to.match(
      /unknown property/,
    );
  });

  it("reports a non-object input at the root", () => {
    expect(violationsOf(42)).to.deep.equal([{ path: "(policy)", reason: "42 must be an object" }]);
    expect(violationsOf(null)[0]?.reason).to.equal("null must be an object");
  });
});

describe("parsePolicy", () => {
  it("throws a PolicyValidationError listing every violation", () => {
    let caught: unknown;
    try {
      parsePolicy({ corsOrigins: ["*"], authentication: { requireToken: true } });
    } catch (error) {
      caught = error;
    }
    expect(isCxoneWebchatError(caught, "policy-validation")).to.equal(true);
    if (!isCxoneWebchatError(caught, "policy-validation")) return;
    expect(caught.violations).to.have.length(2);
    expect(caught.message)
      .to.contain("corsOrigins[0]")
      .and.contain("authentication.tokenExpiryMinutes");
  });

  it("never shows the password of an origin or a redirect URL that carries user info", () => {
    const result = validatePolicy({
      corsOrigins: ["https://user:S3cret@example.com"],
      authentication: { requireToken: false },
      rules: [
        {
          id: "r",
          action: "redirect",
          pattern: "/x",
          redirectUrl: "https://user:S3cret@www.example.com/help",
        },
      ],
    });
    if (result.ok) expect.fail("accepted");
    expect(result.violations.map((v) => v.path)).to.deep.equal([
      "corsOrigins[0]",
      "rules[0].redirectUrl",
    ]);
    expect(JSON.stringify(result.violations)).to.not.contain("S3cret");
  });
});
