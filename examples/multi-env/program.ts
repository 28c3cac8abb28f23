import * as pulumi from "@pulumi/pulumi";
import {
  configObject,
  ProgramConfigError,
  requireConfigObject,
  WafWebhook,
  WebchatSecurityPolicy,
  type RuleArgs,
} from "pulumi-cxone-webchat";
import { basePolicy } from "./base-policy";

/**
 * One program, three stacks (dev, staging, prod): each its own widget, origins and extra rules
 * from stack config, on top of a shared base policy. prod never allows insecure origins, and
 * refuses http ones outright, loopback included. With `wafUrl` set, a WafWebhook in the same
 * stack tells the WAF each digest the stack deploys.
 */
export async function multiEnv() {
  const stack = pulumi.getStack();
  const config = new pulumi.Config();
  const corsOrigins = requireConfigObject<string[]>(config, "corsOrigins", {
    shape: "list",
    example: '["https://www.example.com"]',
  });
  const isProd = stack === "prod";
  if (isProd) {
    const http = corsOrigins.findIndex((o) => o.trim().toLowerCase().startsWith("http:"));
    if (http >= 0) {
      throw new ProgramConfigError(
        `${config.name}:corsOrigins`,
        `corsOrigins[${http}]: "${corsOrigins[http]}" uses http; the prod stack accepts https origins only`,
      );
    }
  }
  const expiry = config.getNumber("tokenExpiryMinutes");
  const policy = new WebchatSecurityPolicy(`webchat-${stack}`, {
    widgetId: config.require("widgetId"),
    corsOrigins,
    authentication: {
      ...basePolicy.authentication,
      ...(expiry === undefined ? {} : { tokenExpiryMinutes: expiry }),
    },
    rules: [
      ...basePolicy.rules,
      ...(configObject<RuleArgs[]>(config, "extraRules", {
        shape: "list",
        example: '[{"id": "log-all", "action": "log", "pattern": "/*"}]',
      }) ?? []),
    ],
    allowInsecureOrigins: !isProd && config.getBoolean("allowInsecureOrigins") === true,
  });
  const wafUrl = config.get("wafUrl");
  const webhook =
    wafUrl === undefined
      ? undefined
      : WafWebhook.forPolicy(`waf-${stack}`, policy, {
          url: wafUrl,
          signingSecret: config.requireSecret("wafSigningSecret"),
          tenant: config.get("tenant") ?? "default",
          metadata: { environment: stack },
        });
  return {
    widgetId: policy.widgetId,
    policyDigest: policy.policyDigest,
    rulesCount: policy.rulesCount,
    corsOriginsCount: policy.corsOriginsCount,
    ...(webhook === undefined ? {} : { deliveryId: webhook.deliveryId }),
  };
}
