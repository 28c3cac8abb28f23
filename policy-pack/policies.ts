import type { Policies } from "@pulumi/policy";
import { allowRuleLimit } from "./rules/allow-rule-limit";
import { allowRuleLogging } from "./rules/allow-rule-logging";
import { originDomains } from "./rules/origin-domains";
import { productionTokenAuth } from "./rules/production-token-auth";
import { secureOrigins } from "./rules/secure-origins";
import { wafWebhookDigest } from "./rules/waf-webhook-digest";

/** The pack's name, as the CLI prints it (`cxone-webchat-guardrails@v<version>`). */
export const PACK_NAME = "cxone-webchat-guardrails";

/** Every rule of the pack, in the order docs/guardrails.md lists them. */
export const GUARDRAIL_POLICIES: Policies = [
  productionTokenAuth,
  originDomains,
  secureOrigins,
  wafWebhookDigest,
  allowRuleLimit,
  allowRuleLogging,
];
