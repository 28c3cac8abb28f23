/**
 * An offline CXone tenant and WAF for your own tests, as `pulumi-cxone-webchat/simulator`: the
 * servers this package's own tests and demo run against, on 127.0.0.1. Not needed to deploy.
 */
export {
  CxoneSimulator,
  DEMO_ACCESS_KEY,
  DEMO_CREDENTIALS,
  DEMO_TENANT_ID,
  type RequestLogEntry,
  type SimulatorAccessKey,
  type SimulatorClient,
  type SimulatorOptions,
  WIDGET_LIST_MODES,
  type WidgetListMode,
} from "./cxone-simulator";
export { defaultWidgets, type StoredWidget } from "./widget-store";
export {
  WafReceiver,
  type AcceptedDelivery,
  type ReceiverAttempt,
  type ReceiverFault,
  type ReceiverFaultProbabilities,
  type WafReceiverOptions,
} from "./waf-receiver";
export type { FaultProbabilities } from "./faults";
export type { RateLimitHeaderStyle } from "./rate-bucket";
