// The errors a program can catch: those thrown by what it calls in its own process (the client,
// validation, its config). Errors of the provider's hooks reach the program only as the engine's
// message; they are told apart by their kind, with isCxoneWebchatError.
export {
  CxoneWebchatError,
  isCxoneWebchatError,
  type ErrorKind,
  type ErrorKinds,
} from "./errors/base-error";
export { PolicyValidationError, ProgramConfigError, type Violation } from "./errors/input-errors";
export {
  CxoneApiError,
  CxoneAuthError,
  DiscoveryError,
  WidgetNotFoundError,
  type ApiErrorDetails,
  type FieldError,
} from "./errors/api-errors";
export { NetworkError } from "./errors/network-errors";
export * from "./policy/limits";
export * from "./policy/schema";
export * from "./policy/validate";
export * from "./policy/digest";
export { normalizeOrigin } from "./policy/origin";
export { formatPath } from "./policy/describe-value";
export { findXssVector, type XssFinding } from "./policy/xss";
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
  configObject,
  requireConfigObject,
  type ConfigObjectOptions,
  type ConfigShape,
} from "./program/config-object";
export { verify as verifyWebhookSignature, sign as signWebhook } from "./waf/standard-webhooks";
export { verifyAuditChain } from "./audit/verify-audit";
