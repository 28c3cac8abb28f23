import {
  CxoneWebchatError,
  isCxoneWebchatError,
  type CxoneWebchatErrorOptions,
} from "./base-error";
import { redact } from "./redact";

/** A webhook that was not delivered: no 2xx after every retry. */
export class WebhookDeliveryError extends CxoneWebchatError {
  readonly kind = "WebhookDeliveryError";
  readonly family = "delivery";

  constructor(
    /** The target without its query, which may hold a token. */
    readonly target: string,
    readonly eventType: string,
    readonly status: number | "network" | "timeout",
    readonly attempts: number,
    detail: string,
    options?: CxoneWebchatErrorOptions,
  ) {
    const what =
      typeof status === "number"
        ? `failed with ${status}`
        : `failed (${status === "timeout" ? "timed out" : "connection failed"})`;
    // Redacted before it is cut short, so that no part of a secret is left at the cut.
    const shown = redact(detail, options?.secrets).slice(0, 200);
    super(
      `delivery of ${eventType} to ${target} ${what} after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}: ${shown}`,
      options,
    );
  }
}

/**
 * True when a delivery failed because the WAF could not be reached or was unavailable: no
 * connection, a timeout, or 429 or 5xx after every retry. A WAF that answered with another 4xx
 * (a bad signature, a wrong path) was reached and refused: that is a setting to fix, not an
 * outage to ride out.
 */
export function isWafUnreachable(error: unknown): boolean {
  if (!isWebhookDeliveryError(error)) return false;
  const { status } = error;
  return typeof status === "string" || status === 429 || status >= 500;
}

/** True for a {@link WebhookDeliveryError}, from any copy of this module. */
export function isWebhookDeliveryError(error: unknown): error is WebhookDeliveryError {
  return isCxoneWebchatError(error) && error.kind === "WebhookDeliveryError";
}
