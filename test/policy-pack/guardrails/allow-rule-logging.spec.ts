import { expect } from "chai";
import fc from "fast-check";
import {
  allowRuleLogging,
  logCovers,
  unloggedAllowViolations,
} from "../../../policy-pack/guardrails/allow-rule-logging";
import { prodPolicyProps, runResourcePolicy } from "../../helpers/policy-pack-args";

const rule = (id: string, action: string, pattern: string) => ({ id, action, pattern });

describe("webchat-allow-rule-logging", () => {
  it("passes an allow rule with a log rule of the same pattern beside it, before or after", () => {
    expect(
      unloggedAllowViolations([rule("a", "allow", "/health"), rule("l", "log", "/health")]),
    ).to.deep.equal([]);
    expect(
      unloggedAllowViolations([rule("l", "log", "/health"), rule("a", "allow", "/health")]),
    ).to.deep.equal([]);
  });

  it("names each allow rule no log rule covers, by index, id and pattern, and the rule to add", () => {
    const rules = [
      rule("block-admin", "block", "/admin/*"),
      rule("log-api", "log", "/api/*"),
      rule("allow-api-v1", "allow", "/api/v1"),
      rule("allow-health", "allow", "/health"),
    ];
    expect(
      runResourcePolicy(allowRuleLogging, {
        name: "webchat-prod",
        props: prodPolicyProps({ rules }),
      }).violations,
    ).to.deep.equal([
      'webchat-prod: rules[3] (id "allow-health", pattern "/health") allows requests that no log rule records. Add a log rule beside it: { action: "log", pattern: "/health" } (or a pattern ending in "*" that covers it).',
    ]);
  });

  it("counts a log rule whose only * ends it as covering every pattern it starts", () => {
    expect(logCovers("/*", "/health")).to.equal(true);
    expect(logCovers("*", "/anything/*")).to.equal(true);
    expect(logCovers("/api*", "/api/v1")).to.equal(true);
    expect(logCovers("/api/*", "/health")).to.equal(false);
    expect(logCovers("/*/x*", "/a/x1")).to.equal(false);
    expect(logCovers("/health", "/health/*")).to.equal(false);
  });

  it("a pattern always covers itself, and P* covers everything that starts with P (no * in P)", () => {
    const text = fc.stringMatching(/^[a-z0-9/._-]{0,12}$/);
    fc.assert(
      fc.property(text, text, (prefix, rest) => {
        expect(logCovers(prefix + rest, prefix + rest)).to.equal(true);
        expect(logCovers(`${prefix}*`, prefix + rest)).to.equal(true);
      }),
    );
  });

  it("is advisory unless the config says otherwise", () => {
    expect(allowRuleLogging.enforcementLevel).to.equal("advisory");
  });
});
