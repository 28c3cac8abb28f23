import { CxoneWebchatError, isCxoneWebchatError } from "../errors/base-error";

/** A webhook that was not delivered: no 2xx after every retry. */
export class WebhookDeliveryError extends CxoneWebchatError {
  readonly kind = "WebhookDeliveryError";

  constructor(
    /** The target without its query, which may hold a token. */
    readonly target: string,
    readonly eventType: string,
    readonly status: number | "network" | "timeout",
    readonly attempts: number,
    detail: string,
  ) {
    const what =
      typeof status === "number"
        ? `failed with ${status}`
        : `failed (${status === "timeout" ? "timed out" : "connection failed"})`;
    super(
      `delivery of ${eventType} to ${target} ${what} after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}: ${detail}`,
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
