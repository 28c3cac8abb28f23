import { createHash } from "node:crypto";
import { systemClock, type Clock } from "../http/clock";
import { redact } from "../http/redact";
import {
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type AttemptOutcome,
  type RetryPolicy,
} from "../http/retry";
import {
  defaultFetch,
  exchange,
  TransportFailure,
  type FetchLike,
  type HttpResult,
} from "../http/transport";
import { sign } from "./standard-webhooks";
import { WebhookDeliveryError } from "./webhook-delivery-error";

/** The events a WAF is told about. */
export type WebhookEventType =
  "webchat_security_policy_deployed" | "webchat_security_policy_removed";

/** What the WAF learns about the live policy. */
export interface PolicyEventData {
  readonly tenant: string;
  readonly widgetId: string;
  readonly configDigest: string;
  readonly rulesCount: number;
  readonly corsOriginsCount: number;
  /** ISO time of the event. */
  readonly timestamp: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Options of {@link deliverEvent}. */
export interface DeliveryOptions {
  /** @default node-fetch */
  readonly fetch?: FetchLike;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
  /** Per-attempt timeout. @default 10000 */
  readonly timeoutMs?: number;
  /** @default {@link DEFAULT_RETRY_POLICY} */
  readonly retry?: Partial<RetryPolicy>;
}

/** A delivery the WAF acknowledged with a 2xx. */
export interface Delivery {
  readonly deliveryId: string;
  readonly deliveredAt: string;
  readonly responseStatus: number;
  readonly attempts: number;
}

/**
 * The webhook-id of an event: stable per (event type, widget, digest), so that a retry, or a
 * second `pulumi up` that delivers the same policy again, can be dropped by the receiver.
 */
export function deliveryId(type: WebhookEventType, widgetId: string, digest: string): string {
  return `msg_${createHash("sha256").update(`${type}\n${widgetId}\n${digest}`).digest("hex").slice(0, 32)}`;
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
  const clock = options.clock ?? systemClock;
  const fetch = options.fetch ?? defaultFetch;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const id = deliveryId(type, data.widgetId, data.configDigest);
  const body = JSON.stringify({ type, timestamp: data.timestamp, data });
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    const timestamp = Math.floor(clock.now() / 1000);
    let result: HttpResult | undefined;
    let outcome: AttemptOutcome;
    let failure: TransportFailure | undefined;
    try {
      result = await exchange(
        fetch,
        target.url,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": sign(target.secret, id, timestamp, body),
          },
          body,
        },
        options.timeoutMs ?? 10_000,
      );
      outcome = {
        kind: "response",
        status: result.status,
        retryAfter: result.headers.get("retry-after"),
      };
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      failure = error;
      outcome = { kind: error.reason };
    }
    if (result !== undefined && result.status >= 200 && result.status < 300) {
      return {
        deliveryId: id,
        deliveredAt: new Date(clock.now()).toISOString(),
        responseStatus: result.status,
        attempts: attempt,
      };
    }
    const decision = decideRetry(outcome, {
      attempt,
      elapsedMs: clock.now() - started,
      nowMs: clock.now(),
      random: (options.random ?? Math.random)(),
      policy,
    });
    if (!decision.retry) {
      if (failure?.reason === "unknown") throw failure.cause;
      const detail =
        result !== undefined
          ? result.status >= 300 && result.status < 400
            ? `redirects are not followed (Location: ${publicTarget(result.headers.get("location") ?? "")})`
            : redact(result.body.slice(0, 200), [target.secret]) || result.statusText
          : (failure?.detail ?? "no answer");
      throw new WebhookDeliveryError(
        publicTarget(target.url),
        type,
        result?.status ?? (failure?.reason === "timeout" ? "timeout" : "network"),
        attempt,
        detail,
      );
    }
    await clock.sleep(decision.delayMs);
  }
}
