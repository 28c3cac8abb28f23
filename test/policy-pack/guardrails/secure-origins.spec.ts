import { expect } from "chai";
import { secureOrigins } from "../../../policy-pack/guardrails/secure-origins";
import { prodPolicyProps, runResourcePolicy } from "../../helpers/policy-pack-args";

const on = (stack: string, corsOrigins: unknown) => ({
  name: `webchat-${stack}`,
  stack,
  props: prodPolicyProps({ corsOrigins }),
});

describe("webchat-secure-origins", () => {
  it("passes https origins on any stack", () => {
    expect(
      runResourcePolicy(secureOrigins, on("prod", ["https://www.example.com"])).violations,
    ).to.deep.equal([]);
  });

  it("refuses an http origin outside dev, loopback included, and says which https origin to use", () => {
    expect(
      runResourcePolicy(
        secureOrigins,
        on("staging", ["http://localhost:3000", "https://a.example.com"]),
      ).violations,
    ).to.deep.equal([
      'webchat-staging: corsOrigins includes "http://localhost:3000", an http origin; outside dev stacks (devStackPattern "^dev(-.+)?$"), as "staging" is, every origin uses https. Change it to "https://localhost:3000", or keep it in a dev stack\'s config.',
    ]);
  });

  it("refuses a wildcard outside dev", () => {
    expect(
      runResourcePolicy(secureOrigins, on("prod", ["https://*.example.com"])).violations,
    ).to.deep.equal([
      'webchat-prod: corsOrigins includes "https://*.example.com", a wildcard; outside dev stacks (devStackPattern "^dev(-.+)?$"), as "prod" is, every origin is listed exactly. List each origin it stands for instead.',
    ]);
  });

  it("does not apply to dev stacks, and the dev pattern is configurable", () => {
    const insecure = ["http://dev.internal.example.com", "https://*.example.com"];
    for (const stack of ["dev", "dev-alice"])
      expect(runResourcePolicy(secureOrigins, on(stack, insecure)).notApplicable).to.equal(
        `stack "${stack}" matches devStackPattern "^dev(-.+)?$"`,
      );
    expect(
      runResourcePolicy(secureOrigins, on("dev-alice", insecure), { devStackPattern: "^dev$" })
        .violations,
    ).to.have.length(2);
    expect(
      runResourcePolicy(secureOrigins, on("sandbox", insecure), { devStackPattern: "^sandbox$" })
        .notApplicable,
    ).to.equal('stack "sandbox" matches devStackPattern "^sandbox$"');
  });
});
