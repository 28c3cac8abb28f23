import { systemClock, type Clock } from "../time/clock";
import { NetworkError } from "../errors/network-errors";
import { publicUrl } from "./secure-url";
import { decideRetry, DEFAULT_RETRY_POLICY, type AttemptOutcome, type RetryPolicy } from "./retry";
import type { Pacing } from "../pacing/pacing";
import {
  defaultFetch,
  exchange,
  TransportFailure,
  type FetchLike,
  type HttpResult,
} from "./transport";

/** Everything a request needs that is not the request itself. */
export interface PipelineContext {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  /** Waited on before each attempt and told each answer: the tenant's pacing, where there is one. */
  readonly pacing?: Pacing | undefined;
}

/** What a caller may set of a {@link PipelineContext}; the rest has defaults. */
export interface PipelineOptions {
  /** @default node-fetch */
  readonly fetch?: FetchLike | undefined;
  /** @default the system clock */
  readonly clock?: Clock | undefined;
  /** How transient failures are retried. @default each field's own (see {@link RetryPolicy}) */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Per-request timeout, from request to last byte. @default 10000 */
  readonly timeoutMs?: number | undefined;
}

/** A context with every default filled in, for the CXone client and the webhook delivery alike. */
export function pipelineContext(
  options: PipelineOptions,
  pacing?: PipelineContext["pacing"],
): PipelineContext {
  return {
    fetch: options.fetch ?? defaultFetch,
    clock: options.clock ?? systemClock,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 10_000,
    pacing,
  };
}

/** A request, described without secrets; the headers are computed per attempt. */
export interface PipelineRequest {
  readonly method: string;
  readonly url: string;
  /** For messages: the URL's path, without the query. */
  readonly path: string;
  readonly headers: () => Promise<Record<string, string>> | Record<string, string>;
  readonly body?: string;
  /** Ahead of the other requests waiting for their pacing (see `AcquireOptions`). @default false */
  readonly priority?: boolean;
}

/** The answer and how many attempts it took. */
export interface PipelineResult extends HttpResult {
  readonly attempts: number;
  readonly requestId: string | undefined;
}

/**
 * Sends a request (through its pacing, if any, which is told every answer), retrying
 * transient failures as {@link decideRetry} says: a 429 with more patience than an error. Returns
 * the last HTTP answer, successful or not, so the caller can turn a status into the right error;
 * throws {@link NetworkError} when no answer came.
 */
export async function sendWithRetry(
  ctx: PipelineContext,
  request: PipelineRequest,
): Promise<PipelineResult> {
  let started: number | undefined;
  let throttled = 0;
  let throttledMs = 0;
  let throttledSince: number | undefined;
  for (let attempt = 1; ; attempt++) {
    await ctx.pacing?.acquire({ priority: request.priority === true });
    // The budgets count from the first send, not from the wait in the queue before it: a deep
    // queue is the limiter doing its job, not the request failing.
    const sentAt = ctx.clock.now();
    started ??= sentAt;
    if (throttledSince !== undefined) throttledMs += sentAt - throttledSince;
    throttledSince = undefined;
    const { outcome, result, failure } = await attemptOnce(ctx, request, sentAt);
    if (result?.status === 429) throttled++;
    const requestId = result?.headers.get("x-request-id") ?? undefined;
    const now = ctx.clock.now();
    const decision = decideRetry(outcome, {
      attempt,
      throttled,
      elapsedMs: now - started,
      throttledMs,
      nowMs: now,
      random: ctx.clock.random(),
      policy: ctx.retry,
    });
    // Successes and redirects are never transient, so decideRetry says no retry for them.
    if (!decision.retry) {
      if (result !== undefined) return { ...result, attempts: attempt, requestId };
      if (failure === undefined || failure.reason === "unknown") throw failure?.cause ?? failure;
      throw new NetworkError(
        publicUrl(request.url),
        request.method,
        request.path,
        failure.reason,
        attempt,
        failure.detail,
        { cause: failure },
      );
    }
    if (result?.status === 429) throttledSince = now;
    await ctx.clock.sleep(decision.delayMs);
  }
}

/** One attempt: its outcome, with the answer or the transport's failure; the pacing is told. */
async function attemptOnce(
  ctx: PipelineContext,
  request: PipelineRequest,
  sentAt: number,
): Promise<{ outcome: AttemptOutcome; result?: HttpResult; failure?: TransportFailure }> {
  try {
    const init = { method: request.method, headers: await request.headers() };
    const result = await exchange(
      ctx.fetch,
      request.url,
      request.body === undefined ? init : { ...init, body: request.body },
      ctx.timeoutMs,
    );
    ctx.pacing?.observe({ status: result.status, headers: result.headers, sentAt });
    return {
      outcome: {
        kind: "response",
        status: result.status,
        retryAfter: result.headers.get("retry-after"),
      },
      result,
    };
  } catch (error) {
    if (!(error instanceof TransportFailure)) throw error;
    return { outcome: { kind: error.reason }, failure: error };
  }
}
