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
    policyEtag: '"1"',
  };

  it("replaces for another widget and updates for any other argument but the policy's ETag", () => {
    expect(diffWebhook(olds, { ...olds, widgetId: "w2" }).replaces).to.deep.equal(["widgetId"]);
    expect(diffWebhook(olds, { ...olds, tenant: "eu" }).changed).to.deep.equal(["tenant"]);
    expect(diffWebhook(olds, { ...olds, policyEtag: '"2"' }).changes).to.equal(false);
  });
});
