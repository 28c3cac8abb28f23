import { expect } from "chai";
import { allowRuleLimit } from "../../../policy-pack/guardrails/allow-rule-limit";
import { MAX_RULES } from "../../../provider";
import { prodPolicyProps, runResourcePolicy } from "../../helpers/policy-pack-args";

const allows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `allow-${i}`, action: "allow", pattern: `/p${i}` }));
const withRules = (rules: unknown) => ({ name: "webchat-prod", props: prodPolicyProps({ rules }) });

describe("webchat-allow-rule-limit", () => {
  it("passes up to the default of 5 allow rules, counting no other action", () => {
    const others = [
      { id: "b", action: "block", pattern: "/admin/*" },
      { id: "l", action: "log", pattern: "/*" },
    ];
    expect(
      runResourcePolicy(allowRuleLimit, withRules([...allows(5), ...others])).violations,
    ).to.deep.equal([]);
  });

  it("names the allow rules and the cap when there are more", () => {
    expect(
      runResourcePolicy(allowRuleLimit, withRules(allows(3)), { maxAllowRules: 2 }).violations,
    ).to.deep.equal([
      'webchat-prod: rules has 3 allow rules ("allow-0", "allow-1", "allow-2"); at most 2 are allowed. Merge or remove allow rules until 2 or fewer remain.',
    ]);
  });

  it("with a cap of 0, refuses any allow rule; a policy without rules passes", () => {
    expect(
      runResourcePolicy(allowRuleLimit, withRules(allows(1)), { maxAllowRules: 0 }).violations,
    ).to.have.length(1);
    expect(
      runResourcePolicy(allowRuleLimit, withRules(undefined), { maxAllowRules: 0 }).violations,
    ).to.deep.equal([]);
  });

  it("refuses a cap the provider could never reach (above its MAX_RULES, 50)", () => {
    expect(MAX_RULES).to.equal(50);
    expect(() => runResourcePolicy(allowRuleLimit, withRules([]), { maxAllowRules: 51 })).to.throw(
      "maxAllowRules: 51: Too big: expected number to be <=50",
    );
    expect(allowRuleLimit.configSchema?.properties?.maxAllowRules).to.include({
      maximum: MAX_RULES,
    });
  });
});
