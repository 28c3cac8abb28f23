export * from "./errors/base-error";
export * from "./errors/policy-validation-error";
export * from "./policy/limits";
export * from "./policy/schema";
export * from "./policy/validate";
export * from "./policy/digest";
export { normalizeOrigin } from "./policy/origin";
export { formatPath } from "./policy/describe-value";
export { findXssVector, type XssFinding } from "./policy/xss";
export * from "./errors/cxone-api-error";
export * from "./errors/cxone-auth-error";
export * from "./errors/widget-not-found-error";
export * from "./errors/widget-ownership-error";
export * from "./errors/live-policy-changed-error";
export * from "./errors/cxone-network-error";
export { CxoneClient, type CxoneClientOptions, type PolicyWrite } from "./cxone/client";
export {
  WebchatSecurityPolicy,
  type WebchatSecurityPolicyArgs,
  type RuleArgs,
  type ConnectionArgs,
} from "./resources/policy/webchat-security-policy";
export { WafWebhook, type WafWebhookArgs } from "./resources/webhook/waf-webhook";
export { WAF_WEBHOOK_TYPE, WEBCHAT_SECURITY_POLICY_TYPE } from "./resources/type-tokens";
export type {
  WebchatSecurityPolicyInputs,
  WebchatSecurityPolicyOutputs,
} from "./resources/policy/inputs";
export type { WafWebhookInputs, WafWebhookOutputs } from "./resources/webhook/inputs";
export {
  MissingCredentialsError,
  isMissingCredentialsError,
} from "./errors/missing-credentials-error";
export { InvalidSettingError, isInvalidSettingError } from "./errors/invalid-setting-error";
export { ProgramConfigError, isProgramConfigError } from "./errors/program-config-error";
export {
  configObject,
  requireConfigObject,
  type ConfigObjectOptions,
  type ConfigShape,
} from "./program/config-object";
export { WebhookDeliveryError, isWebhookDeliveryError } from "./errors/webhook-delivery-error";
export { verify as verifyWebhookSignature, sign as signWebhook } from "./waf/standard-webhooks";
export { verifyAuditChain } from "./audit/verify-audit";
