import type { Policies } from "@pulumi/policy";
import { allowRuleLimit } from "./guardrails/allow-rule-limit";
import { allowRuleLogging } from "./guardrails/allow-rule-logging";
import { originDomains } from "./guardrails/origin-domains";
import { productionTokenAuth } from "./guardrails/production-token-auth";
import { secureOrigins } from "./guardrails/secure-origins";
import { wafWebhookDigest } from "./guardrails/waf-webhook-digest";

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
