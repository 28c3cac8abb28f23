import { expect } from "chai";
import {
  digestsFromAudit,
  digestsFromState,
  recordedDigest,
} from "../../provider/inventory/recorded-digests";
import type { LiveWidget } from "../../provider/inventory/live-widget";
import {
  WAF_WEBHOOK_TYPE,
  WEBCHAT_SECURITY_POLICY_TYPE,
} from "../../provider/resources/type-tokens";

const urn = (stack: string, type: string, name: string) =>
  `urn:pulumi:${stack}::shop::${type}::${name}`;

const widget = (widgetId: string, claim?: string): LiveWidget => ({
  widgetId,
  name: undefined,
  claim,
  standing: { kind: "none" },
});

describe("digestsFromState", () => {
  it("takes each WebchatSecurityPolicy's widget and digest, with its project and stack", () => {
    const exported = {
      version: 3,
      deployment: {
        resources: [
          { urn: urn("prod", "pulumi:pulumi:Stack", "shop-prod"), type: "pulumi:pulumi:Stack" },
          {
            urn: urn("prod", WEBCHAT_SECURITY_POLICY_TYPE, "policy-a"),
            type: WEBCHAT_SECURITY_POLICY_TYPE,
            outputs: { widgetId: "a", policyDigest: "1".repeat(64) },
          },
          // A webhook records the policy's digest too: not the policy's own record.
          {
            urn: urn("prod", WAF_WEBHOOK_TYPE, "waf-a"),
            type: WAF_WEBHOOK_TYPE,
            outputs: { widgetId: "a", policyDigest: "2".repeat(64) },
          },
        ],
      },
    };
    expect(digestsFromState(exported)).to.deep.equal([
      { stack: "shop/prod", widgetId: "a", digest: "1".repeat(64) },
    ]);
    expect(digestsFromState({ deployment: {} })).to.deep.equal([]);
    expect(() => digestsFromState({ resources: [] })).to.throw(
      /^not the output of pulumi stack export/,
    );
  });
});

describe("digestsFromAudit", () => {
  it("keeps each widget's last successful policy step, skipping failures, webhooks and other lines", () => {
    const line = (seq: number, fields: Record<string, unknown>) => ({
      seq,
      text: JSON.stringify({
        resource: "WebchatSecurityPolicy",
        widgetId: "a",
        digestAfter: "1".repeat(64),
        outcome: "success",
        ...fields,
      }),
    });
    const digests = digestsFromAudit([
      line(1, {}),
      line(2, { digestAfter: "2".repeat(64) }),
      line(3, { outcome: "failure", digestAfter: "3".repeat(64) }),
      line(4, { resource: "WafWebhook", digestAfter: "4".repeat(64) }),
      { seq: 5, text: "not json" },
      line(6, { widgetId: "b", digestAfter: null, action: "delete" }),
    ]);
    expect(digests.get("a")).to.deep.equal({ digest: "2".repeat(64), line: 2 });
    expect(digests.get("b")).to.deep.equal({ digest: null, line: 6 });
  });
});

describe("recordedDigest", () => {
  const states = [
    { stack: "shop/prod", widgetId: "a", digest: "1".repeat(64) },
    { stack: "shop/dev", widgetId: "b", digest: "2".repeat(64) },
  ];
  const audit = new Map([
    ["a", { digest: "9".repeat(64), line: 7 }],
    ["b", { digest: "8".repeat(64), line: 8 }],
    ["c", { digest: null, line: 9 }],
  ]);

  it("takes the claiming stack's state first, then the audit trail", () => {
    expect(recordedDigest(widget("a", "shop/prod/policy-a"), states, audit)).to.deep.equal({
      digest: "1".repeat(64),
      source: "state of stack shop/prod",
    });
    // Another stack's state does not speak for the stack that claims the widget.
    expect(recordedDigest(widget("b", "shop/prod/policy-b"), states, audit)).to.deep.equal({
      digest: "8".repeat(64),
      source: "audit trail line 8",
    });
  });

  it("has nothing for an unclaimed widget, nor after a delete", () => {
    expect(recordedDigest(widget("a"), states, audit)).to.equal(undefined);
    expect(recordedDigest(widget("c", "shop/prod/policy-c"), states, audit)).to.equal(undefined);
  });
});
