import { expect } from "chai";
import { diffWebhook } from "../../../provider/resources/webhook/diff";

const args = {
  url: "https://waf.example/hook",
  signingSecret: "whsec_x",
  widgetId: "w1",
  policyDigest: "a".repeat(64),
};

describe("diffWebhook", () => {
  const olds = {
    ...args,
    tenant: "default",
    rulesCount: 0,
    corsOriginsCount: 0,
    policyAppliedAt: "2026-11-26T08:01:00.000Z",
  };

  it("replaces for another widget and updates for any other argument but the time the policy was applied", () => {
    expect(diffWebhook(olds, { ...olds, widgetId: "w2" }).replaces).to.deep.equal(["widgetId"]);
    expect(diffWebhook(olds, { ...olds, tenant: "eu" }).changed).to.deep.equal(["tenant"]);
    expect(
      diffWebhook(olds, { ...olds, policyAppliedAt: "2026-11-26T08:02:00.000Z" }).changes,
    ).to.equal(false);
  });
});
