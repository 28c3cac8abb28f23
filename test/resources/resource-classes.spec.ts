import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { WafWebhook } from "../../provider/resources/webhook/waf-webhook";
import { WebchatSecurityPolicy } from "../../provider/resources/policy/webchat-security-policy";
import { WAF_WEBHOOK_TYPE, WEBCHAT_SECURITY_POLICY_TYPE } from "../../provider";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("resource classes (pulumi.runtime.setMocks)", () => {
  const registered: Registered[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs as Record<string, unknown>,
          });
          const outs = {
            ...args.inputs,
            policyDigest: "f".repeat(64),
            rulesCount: 1,
            corsOriginsCount: 1,
            deliveryId: "msg_x",
          };
          return { id: `${args.name}-id`, state: outs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
  });

  it("registers readable type tokens and wires the webhook to the policy's outputs", async () => {
    const policy = new WebchatSecurityPolicy("support", {
      widgetId: "wc-1",
      corsOrigins: ["https://a.example"],
      authentication: { requireToken: false },
      connection: { clientSecret: pulumi.secret("conn-secret-123") },
    });
    const hook = WafWebhook.forPolicy("waf", policy, {
      url: "https://waf.example/hook",
      signingSecret: pulumi.secret("whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMw=="),
    });
    const digest = await new Promise((resolve) => hook.policyDigest.apply(resolve));
    expect(digest).to.equal("f".repeat(64));
    const byName = Object.fromEntries(registered.map((r) => [r.name, r]));
    expect(byName.support?.type).to.equal("pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy");
    expect(byName.waf?.type).to.equal("pulumi-nodejs:dynamic/cxone:WafWebhook");
    // The exported tokens, which the guardrails pack matches resources by, are these.
    expect([byName.support?.type, byName.waf?.type]).to.deep.equal([
      WEBCHAT_SECURITY_POLICY_TYPE,
      WAF_WEBHOOK_TYPE,
    ]);
    expect(byName.waf?.inputs).to.deep.include({
      widgetId: "wc-1",
      policyDigest: "f".repeat(64),
      rulesCount: 1,
      corsOriginsCount: 1,
    });
  });

  it("serializes a small provider that captures no secret", () => {
    for (const r of registered) {
      const serialized = r.inputs.__provider;
      expect(serialized, r.name).to.be.a("string");
      const size = Buffer.byteLength(serialized as string);
      console.log(`      serialized provider of ${r.type}: ${size} bytes`);
      expect(size).to.be.lessThan(4096);
      expect(serialized)
        .to.not.contain("conn-secret-123")
        .and.not.contain("c2VjcmV0LXNpZ25pbmcta2V5");
      // Inside the repository too, the package's own name finds it: no path of this machine.
      expect(serialized).to.contain('("pulumi-cxone-webchat/dist/provider/providers/');
      expect(serialized).to.not.contain(process.cwd());
    }
  });

  it("registers without capturing a stack trace per property, and leaves the limit as it was", () => {
    const limit = Error.stackTraceLimit;
    let frames = 0;
    const previous = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, callSites) => {
      // The SDK's own capture of where the program made the resource (its source position,
      // which the engine records) sets its own limit, and is kept.
      if (callSites[0]?.getFunctionName() !== "callsites") frames += callSites.length;
      return String(error);
    };
    try {
      const policy = new WebchatSecurityPolicy("quiet", {
        widgetId: "wc-2",
        corsOrigins: ["https://a.example"],
        authentication: { requireToken: false },
        rules: [],
      });
      WafWebhook.forPolicy("quiet-waf", policy, {
        url: "https://waf.example/hook",
        signingSecret: pulumi.secret("whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMw=="),
      });
    } finally {
      Error.prepareStackTrace = previous;
    }
    expect(frames).to.equal(0);
    expect(Error.stackTraceLimit).to.equal(limit);
  });

  it("gives an error the SDK throws while registering the stack of the program's line", () => {
    const limit = Error.stackTraceLimit;
    const notAResource = {} as unknown as pulumi.Resource;
    const attempt = () =>
      new WebchatSecurityPolicy(
        "orphan",
        { widgetId: "wc-3", corsOrigins: [], authentication: { requireToken: false } },
        { parent: notAResource },
      );
    expect(attempt).to.throw(/^Resource parent is not a valid Resource/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).stack).to.match(/\n\s+at attempt .*resource-classes\.spec/);
    }
    expect(Error.stackTraceLimit).to.equal(limit);
  });
});
