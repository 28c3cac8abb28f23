import * as pulumi from "@pulumi/pulumi";
import { requireConfigObject, WafWebhook } from "pulumi-cxone-webchat";

/**
 * A WAF team's stack: it reads the digests of other teams' policy stacks through
 * StackReferences and keeps the WAF told of each, with one WafWebhook per policy stack.
 */
export async function wafStack() {
  const config = new pulumi.Config();
  const stacks = requireConfigObject<string[]>(config, "policyStacks", {
    shape: "list",
    example: '["organization/cxone-webchat-multi-env/dev"]',
  });
  const deliveries: Record<string, pulumi.Output<string>> = {};
  for (const name of stacks) {
    const ref = new pulumi.StackReference(name);
    const hook = new WafWebhook(`waf-${name.split("/").pop() ?? name}`, {
      url: config.require("wafUrl"),
      signingSecret: config.requireSecret("wafSigningSecret"),
      tenant: config.get("tenant") ?? "default",
      widgetId: ref.requireOutput("widgetId") as pulumi.Output<string>,
      policyDigest: ref.requireOutput("policyDigest") as pulumi.Output<string>,
      rulesCount: ref.requireOutput("rulesCount") as pulumi.Output<number>,
      corsOriginsCount: ref.requireOutput("corsOriginsCount") as pulumi.Output<number>,
      metadata: { sourceStack: name },
    });
    deliveries[name] = hook.deliveryId;
  }
  return { deliveries };
}
