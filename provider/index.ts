// The errors a program can catch: those thrown by what it calls in its own process (the client,
// validation, its config). Errors of the provider's hooks reach the program only as the engine's
// message; they are told apart by their kind, with isCxoneWebchatError.
export {
  CxoneWebchatError,
  isCxoneWebchatError,
  type CxoneWebchatErrorOptions,
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
export { normalizeOrigin, type OriginResult } from "./policy/origin";
export { formatPath } from "./policy/describe-value";
export { findXssVector, type XssFinding } from "./policy/xss";
export {
  CxoneClient,
  type CxoneClientOptions,
  type PolicyWrite,
  type SetPolicyOptions,
  type TenantLocation,
  type WidgetPage,
} from "./cxone/client";
export type { Widget, WidgetSnapshot } from "./cxone/widget";
export type { RetryPolicy } from "./http/retry";
export type { FetchInit, FetchLike, FetchResponse } from "./http/transport";
export type { RateLimit } from "./pacing/token-bucket";
export type { Clock } from "./time/clock";
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
export {
  verify as verifyWebhookSignature,
  sign as signWebhook,
  type Verification as WebhookVerification,
} from "./waf/standard-webhooks";
export { verifyAuditChain, type AuditVerification } from "./audit/verify-audit";
