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

/** True for a {@link WebhookDeliveryError}, from any copy of this module. */
export function isWebhookDeliveryError(error: unknown): error is WebhookDeliveryError {
  return isCxoneWebchatError(error) && error.kind === "WebhookDeliveryError";
}
