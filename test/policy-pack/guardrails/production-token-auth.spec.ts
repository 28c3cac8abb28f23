import { expect } from "chai";
import {
  productionTokenAuth,
  tokenAuthViolations,
} from "../../../policy-pack/guardrails/production-token-auth";
import { TOKEN_EXPIRY_MINUTES } from "../../../provider";
import { prodPolicyProps, runResourcePolicy } from "../../helpers/policy-pack-args";

const withAuth = (authentication: unknown, stack = "prod") => ({
  name: "webchat-prod",
  stack,
  props: prodPolicyProps({ authentication }),
});

describe("webchat-production-token-auth", () => {
  it("passes a production stack whose token expires within the default 5 to 60 minutes", () => {
    for (const minutes of [5, 30, 60])
      expect(
        runResourcePolicy(
          productionTokenAuth,
          withAuth({ requireToken: true, tokenExpiryMinutes: minutes }),
        ).violations,
      ).to.deep.equal([]);
  });

  it("requires a token on a production stack, naming the resource, the field and what to set", () => {
    expect(
      runResourcePolicy(productionTokenAuth, withAuth({ requireToken: false })).violations,
    ).to.deep.equal([
      'webchat-prod: authentication.requireToken is false; stack "prod" is a production stack (productionStackPattern "^prod(uction)?(-.+)?$"), where every widget requires token authentication. Set authentication: { requireToken: true, tokenExpiryMinutes: <from 5 to 60> }.',
    ]);
    expect(runResourcePolicy(productionTokenAuth, withAuth(undefined)).violations[0]).to.contain(
      "authentication.requireToken is not set;",
    );
  });

  it("requires an expiry, and one within the configured bounds", () => {
    const config = { minTokenExpiryMinutes: 15, maxTokenExpiryMinutes: 45 };
    expect(
      runResourcePolicy(productionTokenAuth, withAuth({ requireToken: true }), config).violations,
    ).to.deep.equal([
      'webchat-prod: authentication.tokenExpiryMinutes is not set; tokens on the production stack "prod" must expire after 15 to 45 minutes. Set authentication.tokenExpiryMinutes to a value from 15 to 45.',
    ]);
    for (const [minutes, passes] of [
      [14, false],
      [15, true],
      [45, true],
      [46, false],
    ] as const) {
      const { violations } = runResourcePolicy(
        productionTokenAuth,
        withAuth({ requireToken: true, tokenExpiryMinutes: minutes }),
        config,
      );
      expect(violations, String(minutes)).to.have.length(passes ? 0 : 1);
      if (!passes)
        expect(violations[0]).to.equal(
          `webchat-prod: authentication.tokenExpiryMinutes is ${minutes}, outside the 15 to 45 minutes allowed on the production stack "prod". Set it to a value from 15 to 45.`,
        );
    }
  });

  it("does not apply to a stack the production pattern does not match, and the pattern is configurable", () => {
    const weak = { requireToken: false };
    for (const stack of ["dev", "staging", "products"])
      expect(runResourcePolicy(productionTokenAuth, withAuth(weak, stack)).notApplicable).to.equal(
        `stack "${stack}" does not match productionStackPattern "^prod(uction)?(-.+)?$"`,
      );
    for (const stack of ["prod", "production", "prod-eu"])
      expect(
        runResourcePolicy(productionTokenAuth, withAuth(weak, stack)).violations,
        stack,
      ).to.have.length(1);
    const live = runResourcePolicy(productionTokenAuth, withAuth(weak, "live"), {
      productionStackPattern: "^live$",
    });
    expect(live.violations[0]).to.contain('stack "live" is a production stack');
  });

  it("reports an authentication it cannot read, rather than passing it", () => {
    expect(
      runResourcePolicy(productionTokenAuth, withAuth({ requireToken: "yes" })).violations,
    ).to.deep.equal([
      'webchat-prod: authentication.requireToken: Invalid input: expected boolean, received string; the production stack "prod" needs authentication: { requireToken: true, tokenExpiryMinutes: <from 5 to 60> }. Set it so.',
    ]);
  });

  it("passes over every other resource type", () => {
    const outcome = runResourcePolicy(productionTokenAuth, {
      type: "pulumi-nodejs:dynamic/cxone:WafWebhook",
      name: "waf-prod",
      props: { authentication: { requireToken: false } },
    });
    expect(outcome).to.deep.equal({ violations: [], urns: [] });
  });

  it("takes the bounds of its config keys from the provider's (5 to 1440 minutes)", () => {
    expect(TOKEN_EXPIRY_MINUTES).to.deep.equal({ min: 5, max: 1440 });
    const keys = productionTokenAuth.configSchema?.properties ?? {};
    for (const key of ["minTokenExpiryMinutes", "maxTokenExpiryMinutes"])
      expect(keys[key], key).to.include({
        minimum: TOKEN_EXPIRY_MINUTES.min,
        maximum: TOKEN_EXPIRY_MINUTES.max,
      });
  });

  it("refuses a minimum above the maximum, naming both", () => {
    expect(() =>
      runResourcePolicy(productionTokenAuth, withAuth({ requireToken: true }), {
        minTokenExpiryMinutes: 90,
      }),
    ).to.throw(
      'the config of policy "webchat-production-token-auth" is not usable: minTokenExpiryMinutes: 90: must not be above maxTokenExpiryMinutes (60)',
    );
  });

  it("decides from the stack, the authentication and the bounds alone (tokenAuthViolations)", () => {
    const config = {
      productionStackPattern: "^prod$",
      minTokenExpiryMinutes: 5,
      maxTokenExpiryMinutes: 60,
    };
    expect(
      tokenAuthViolations(
        "prod",
        { kind: "value", value: { requireToken: true, tokenExpiryMinutes: 61 } },
        config,
      ),
    ).to.have.length(1);
    expect(tokenAuthViolations("prod", { kind: "absent" }, config)[0]).to.match(
      /^authentication\.requireToken is not set;/,
    );
  });
});
