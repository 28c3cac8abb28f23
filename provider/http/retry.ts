/**
 * Pure retry decisions. Nothing here sleeps, reads a clock or touches the network: the caller
 * passes the time and the random source in, so every decision is testable as a plain function.
 */

/**
 * How long to keep trying, and how long to wait between attempts. Both kinds of trouble get a
 * time budget rather than a number of attempts, so that a tenant that is down for half a minute
 * delays the requests in flight instead of failing them: an error (5xx, 408, no answer) is
 * retried for {@link maxTotalMs}, a 429 for {@link maxThrottledMs}. A 429 is not a failure but
 * the tenant asking for patience: it never counts against the budget given to errors.
 */
export interface RetryPolicy {
  /**
   * Attempts that ended in an error, the first included: a cap under the time budget, for a
   * caller that wants one. @default Infinity (the time budget alone decides)
   */
  readonly maxAttempts: number;
  /** Backoff ceiling for the first retry; it doubles per attempt. @default 200 */
  readonly baseDelayMs: number;
  /** Largest backoff ceiling. @default 5000 */
  readonly maxDelayMs: number;
  /** Longest Retry-After honoured; a server asking for more is capped here. @default 30000 */
  readonly maxRetryAfterMs: number;
  /**
   * No retry after an error starts if it would end later than this after the first attempt,
   * time spent throttled not counted: errors are retried, backing off, for about a minute.
   * @default 60000
   */
  readonly maxTotalMs: number;
  /**
   * No retry after a 429 starts if it would end later than this after the first attempt: the
   * patience for a tenant that others are using too. @default 300000
   */
  readonly maxThrottledMs: number;
}

/** Defaults for {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  maxTotalMs: 60_000,
  maxThrottledMs: 300_000,
};

/** What one attempt ended with. */
export type AttemptOutcome =
  | { readonly kind: "response"; readonly status: number; readonly retryAfter?: string | null }
  | { readonly kind: "network" }
  | { readonly kind: "timeout" }
  | { readonly kind: "unknown" };

/** Statuses that say "try again later": the request may succeed unchanged. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether the outcome is worth another attempt at all. 400, 403, 404, 409 and 422 describe the
 * request, which would fail again unchanged; 401 is handled by re-authentication, not here; an
 * unknown error is a bug, and retrying a bug only hides it.
 */
export function isRetryable(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case "response":
      return TRANSIENT_STATUSES.has(outcome.status);
    case "network":
    case "timeout":
      return true;
    case "unknown":
      return false;
  }
}

/**
 * Parses a Retry-After header, in delta-seconds or as an HTTP-date, into milliseconds from
 * `nowMs`. Returns `undefined` for a missing or malformed header; a date in the past is 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with full jitter: a uniform draw between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(attempt-1))`. Full jitter spreads the retries of many
 * clients that failed together, instead of having them all return at once.
 *
 * @param attempt the number of attempts made so far (1 after the first failure)
 * @param random  a draw from [0, 1)
 */
export function backoffDelay(attempt: number, random: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

/** The decision after a failed attempt. */
export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number };

/** Where a request stands after an attempt, for {@link decideRetry}. */
export interface RetryContext {
  /** Attempts made so far, this one included. */
  readonly attempt: number;
  /** How many of them were answered 429. */
  readonly throttled: number;
  /** Milliseconds since the first attempt was sent. */
  readonly elapsedMs: number;
  /** How much of that was spent waiting to retry after a 429. */
  readonly throttledMs: number;
  readonly nowMs: number;
  /** A draw from [0, 1). */
  readonly random: number;
  readonly policy: RetryPolicy;
}

/**
 * Decides whether to retry after a failed attempt and how long to wait first. A 429 waits as
 * long as Retry-After says (capped), or backs off, and is retried until `maxThrottledMs` has
 * passed; everything else backs off with full jitter (at most `maxDelayMs` apart) until
 * `maxTotalMs` of time not spent throttled has passed, or `maxAttempts` errors, if that comes
 * first.
 */
export function decideRetry(outcome: AttemptOutcome, context: RetryContext): RetryDecision {
  const { attempt, throttled, elapsedMs, throttledMs, nowMs, random, policy } = context;
  if (!isRetryable(outcome)) return { retry: false, reason: "not retryable" };
  if (outcome.kind === "response" && outcome.status === 429) {
    const asked = parseRetryAfter(outcome.retryAfter, nowMs);
    const delayMs =
      asked === undefined
        ? backoffDelay(throttled, random, policy)
        : Math.min(asked, policy.maxRetryAfterMs);
    if (elapsedMs + delayMs > policy.maxThrottledMs) {
      return {
        retry: false,
        reason: `gave up after ${attempt} attempts: still throttled (429) after ${policy.maxThrottledMs} ms`,
      };
    }
    return { retry: true, delayMs };
  }
  const failures = attempt - throttled;
  if (failures >= policy.maxAttempts)
    return { retry: false, reason: `gave up after ${attempt} attempts` };
  const delayMs = backoffDelay(failures, random, policy);
  if (elapsedMs - throttledMs + delayMs > policy.maxTotalMs) {
    return {
      retry: false,
      reason: `gave up after ${attempt} attempts: the next would pass ${policy.maxTotalMs} ms`,
    };
  }
  return { retry: true, delayMs };
}
