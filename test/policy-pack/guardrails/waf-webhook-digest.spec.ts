import { expect } from "chai";
import { wafWebhookDigest } from "../../../policy-pack/guardrails/waf-webhook-digest";
import { WAF_WEBHOOK_TYPE } from "../../../provider";
import {
  prodPolicyProps,
  runStackPolicy,
  urnOf,
  webhookFor,
  type TestResource,
} from "../../helpers/policy-pack-args";

const policy = (name: string, digest: string): TestResource => ({
  name,
  props: prodPolicyProps({ policyDigest: digest, widgetId: `wc-${name}` }),
});
const A = policy("webchat-a", "a".repeat(64));
const B = policy("webchat-b", "b".repeat(64));

describe("webchat-waf-webhook (a stack rule)", () => {
  it("passes when each policy has a webhook that takes its digest from it", () => {
    expect(
      runStackPolicy(wafWebhookDigest, [A, webhookFor(A, "waf-a"), B, webhookFor(B, "waf-b")]),
    ).to.deep.equal({ violations: [], urns: [] });
  });

  it("reports a policy no webhook consumes, on that policy, saying what to add", () => {
    const outcome = runStackPolicy(wafWebhookDigest, [A, webhookFor(A, "waf-a"), B]);
    expect(outcome.violations).to.deep.equal([
      'webchat-b: no WafWebhook in stack "prod" consumes its policyDigest, so the WAF is never told which policy is live. Add one to the program: WafWebhook.forPolicy(name, policy, { url, signingSecret }), where policy is this resource (or pass its policyDigest output as the webhook\'s policyDigest).',
    ]);
    expect(outcome.urns).to.deep.equal([urnOf(B)]);
  });

  it("does not count a webhook that carries the same digest as a copied value", () => {
    const copied: TestResource = {
      type: WAF_WEBHOOK_TYPE,
      name: "waf-copy",
      props: { policyDigest: A.props.policyDigest },
    };
    expect(runStackPolicy(wafWebhookDigest, [A, copied]).violations).to.deep.equal([
      "webchat-a: WafWebhook waf-copy carries its policyDigest as a copied value, not from the policy's output, so the next change of the policy would leave the WAF with a stale digest. Create the webhook with WafWebhook.forPolicy(name, policy, { url, signingSecret }), where policy is this resource (or pass its policyDigest output as the webhook's policyDigest).",
    ]);
  });

  it("does not count a webhook fed by another policy, nor one whose digest differs", () => {
    const crossed = webhookFor(B, "waf-b-for-a", { policyDigest: "c".repeat(64) });
    expect(
      runStackPolicy(wafWebhookDigest, [
        A,
        B,
        { ...crossed, propertyDependencies: { policyDigest: [A.name] } },
      ]).violations,
    ).to.deep.equal([
      `webchat-a: WafWebhook waf-b-for-a derives its policyDigest "${"c".repeat(64)}" from the policy, but it differs from the policy's digest "${"a".repeat(64)}": the WAF would check requests against the wrong policy. Pass webchat-a.policyDigest unchanged.`,
      'webchat-b: no WafWebhook in stack "prod" consumes its policyDigest, so the WAF is never told which policy is live. Add one to the program: WafWebhook.forPolicy(name, policy, { url, signingSecret }), where policy is this resource (or pass its policyDigest output as the webhook\'s policyDigest).',
    ]);
  });

  it("passes a policy whose digest is not known, when a webhook takes it from the policy", () => {
    const unknown = { ...A, props: prodPolicyProps({ policyDigest: undefined }) };
    expect(
      runStackPolicy(wafWebhookDigest, [unknown, webhookFor(unknown)]).violations,
    ).to.deep.equal([]);
  });

  it("has nothing to say about a stack without policies, such as a WAF stack fed by StackReference", () => {
    const remote: TestResource = {
      type: WAF_WEBHOOK_TYPE,
      name: "waf-dev",
      props: { policyDigest: "d".repeat(64) },
    };
    expect(runStackPolicy(wafWebhookDigest, [remote]).violations).to.deep.equal([]);
  });
});
