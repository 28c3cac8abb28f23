import * as pulumi from "@pulumi/pulumi";
import { WafWebhook, WebchatSecurityPolicy, type RuleArgs } from "../../provider";

/**
 * The quickstart: one widget's security policy, and the webhook that tells the WAF which policy
 * is live. Everything comes from stack config (see Pulumi.dev.yaml); the credentials come from
 * `cxone:baseUrl`, `cxone:clientId` and `cxone:clientSecret`.
 */
export async function quickstart() {
  const config = new pulumi.Config();
  const policy = new WebchatSecurityPolicy("support-chat", {
    widgetId: config.require("widgetId"),
    corsOrigins: config.requireObject<string[]>("corsOrigins"),
    authentication: config.requireObject<{ requireToken: boolean; tokenExpiryMinutes?: number }>(
      "authentication",
    ),
    rules: config.getObject<RuleArgs[]>("rules") ?? [],
  });
  const webhook = WafWebhook.forPolicy("waf", policy, {
    url: config.require("wafUrl"),
    signingSecret: config.requireSecret("wafSigningSecret"),
    tenant: config.get("tenant") ?? "default",
  });
  return {
    widgetId: policy.widgetId,
    policyDigest: policy.policyDigest,
    etag: policy.etag,
    deliveryId: webhook.deliveryId,
  };
}
