import * as pulumi from "@pulumi/pulumi";
import {
  configObject,
  requireConfigObject,
  WafWebhook,
  WebchatSecurityPolicy,
  type RuleArgs,
} from "pulumi-cxone-webchat";

/**
 * The quickstart: one widget's security policy, and the webhook that tells the WAF which policy
 * is live. Everything comes from stack config (see Pulumi.dev.yaml); the credentials come from
 * `cxone:baseUrl`, `cxone:clientId` and `cxone:clientSecret`.
 */
export async function quickstart() {
  const config = new pulumi.Config();
  const policy = new WebchatSecurityPolicy("support-chat", {
    widgetId: config.require("widgetId"),
    corsOrigins: requireConfigObject<string[]>(config, "corsOrigins", {
      shape: "list",
      example: '["https://www.example.com"]',
    }),
    authentication: requireConfigObject<{ requireToken: boolean; tokenExpiryMinutes?: number }>(
      config,
      "authentication",
      { shape: "object", example: '{"requireToken": true, "tokenExpiryMinutes": 30}' },
    ),
    rules:
      configObject<RuleArgs[]>(config, "rules", {
        shape: "list",
        example: '[{"id": "block-admin", "action": "block", "pattern": "/admin/*"}]',
      }) ?? [],
  });
  const webhook = WafWebhook.forPolicy("waf", policy, {
    url: config.require("wafUrl"),
    signingSecret: config.requireSecret("wafSigningSecret"),
    tenant: config.get("tenant") ?? "default",
    // Set it (pulumi config set allowUndeliveredRemoval true, then up) to destroy while the WAF
    // is down; the removal is then recorded in the audit trail as undelivered.
    allowUndeliveredRemoval: config.getBoolean("allowUndeliveredRemoval"),
  });
  return {
    widgetId: policy.widgetId,
    policyDigest: policy.policyDigest,
    etag: policy.etag,
    deliveryId: webhook.deliveryId,
  };
}
