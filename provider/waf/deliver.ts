import { createHash } from "node:crypto";
import { isCxoneWebchatError } from "../errors/base-error";
import { WebhookDeliveryError } from "../errors/api-errors";
import { DEFAULT_RETRY_POLICY } from "../http/retry";
import { pipelineContext, sendWithRetry, type PipelineOptions } from "../http/send-with-retry";
import { sign } from "./standard-webhooks";

/** The events a WAF is told about. */
export type WebhookEventType =
  "webchat_security_policy_deployed" | "webchat_security_policy_removed";

/** What the WAF learns about the live policy. */
export interface PolicyEventData {
  readonly tenant: string;
  readonly widgetId: string;
  readonly policyDigest: string;
  readonly rulesCount: number;
  readonly corsOriginsCount: number;
  /** ISO time of the event. */
  readonly timestamp: string;
  /**
   * When the policy was written to the widget (the policy resource's `appliedAt`), when the
   * sender knows it: it tells a later deployment of the same digest (a rollback) apart from a
   * repeat of this one.
   */
  readonly policyAppliedAt?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Options of {@link deliverEvent}: the HTTP pipeline's, with the same defaults. */
export type DeliveryOptions = PipelineOptions;

/** A delivery the WAF acknowledged with a 2xx. */
export interface Delivery {
  readonly deliveryId: string;
  readonly deliveredAt: string;
  readonly responseStatus: number;
  readonly attempts: number;
}

/**
 * The webhook-id of an event: stable per (event type, widget, digest, time the policy was
 * applied), so that a retry, or a later `pulumi up` that delivers the same deployment again,
 * can be dropped by the receiver, while a later deployment of an earlier digest (A, then B, then
 * A again: a rollback) writes the widget anew at a new time, and so is a new event the WAF
 * processes. The time, unlike the widget's ETag, stays put when someone edits the widget's other
 * fields. Without it the id is per (type, widget, digest).
 */
export function deliveryId(
  type: WebhookEventType,
  widgetId: string,
  digest: string,
  policyAppliedAt?: string,
): string {
  const parts = [
    type,
    widgetId,
    digest,
    ...(policyAppliedAt === undefined ? [] : [policyAppliedAt]),
  ];
  return `msg_${createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32)}`;
}

/** The URL without query or fragment, for messages: a query may carry a token. */
export function publicTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * POSTs one signed event. Each attempt is signed afresh (a new timestamp keeps it inside the
 * receiver's tolerance) under the same webhook-id. 429 honours Retry-After; 5xx, timeouts and
 * connection failures back off with jitter. Only a 2xx counts: a 3xx is a failure and is not
 * followed, since a redirect could send the signed policy event somewhere else.
 */
export async function deliverEvent(
  target: { readonly url: string; readonly secret: string },
  type: WebhookEventType,
  data: PolicyEventData,
  options: DeliveryOptions = {},
): Promise<Delivery> {
  // The tenant's 429s are retried for minutes, since other deployments share its limit, and its
  // errors for a minute, to ride out an outage; a WAF's 429s get the minute, and its errors 5
  // attempts, so a destroy waits only seconds on a WAF that is down (it then warns).
  const ctx = pipelineContext({
    ...options,
    retry: { maxThrottledMs: DEFAULT_RETRY_POLICY.maxTotalMs, maxAttempts: 5, ...options.retry },
  });
  const { clock } = ctx;
  const id = deliveryId(type, data.widgetId, data.policyDigest, data.policyAppliedAt);
  const body = JSON.stringify({ type, timestamp: data.timestamp, data });
  const where = publicTarget(target.url);
  const signedHeaders = () => {
    const timestamp = Math.floor(clock.now() / 1000);
    return {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": sign(target.secret, id, timestamp, body),
    };
  };
  let result;
  try {
    result = await sendWithRetry(ctx, {
      method: "POST",
      url: target.url,
      path: where,
      headers: signedHeaders,
      body,
    });
  } catch (error) {
    if (!isCxoneWebchatError(error, "network")) throw error;
    throw new WebhookDeliveryError(where, type, error.reason, error.attempts, error.detail, {
      secrets: [target.secret],
    });
  }
  if (result.status >= 200 && result.status < 300) {
    return {
      deliveryId: id,
      deliveredAt: new Date(clock.now()).toISOString(),
      responseStatus: result.status,
      attempts: result.attempts,
    };
  }
  const detail =
    result.status >= 300 && result.status < 400
      ? `redirects are not followed (Location: ${publicTarget(result.headers.get("location") ?? "")})`
      : result.body || result.statusText;
  throw new WebhookDeliveryError(where, type, result.status, result.attempts, detail, {
    secrets: [target.secret],
  });
}
