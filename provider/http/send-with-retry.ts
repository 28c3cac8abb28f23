import type { Clock } from "./clock";
import { CxoneNetworkError } from "./network-error";
import { decideRetry, type AttemptOutcome, type RetryPolicy } from "./retry";
import { exchange, TransportFailure, type FetchLike, type HttpResult } from "./transport";

/** Everything a request needs that is not the request itself. */
export interface PipelineContext {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  /** Waited on before each attempt: the tenant's rate limiter, where there is one. */
  readonly bucket?: { acquire(): Promise<void> } | undefined;
  /** Told about every exchange, for request counting and the audit trail. */
  readonly onExchange?: ((record: ExchangeRecord) => void) | undefined;
}

/** One attempt, as reported to {@link PipelineContext.onExchange}. */
export interface ExchangeRecord {
  readonly method: string;
  readonly path: string;
  readonly attempt: number;
  /** HTTP status, or the transport failure. */
  readonly status: number | "network" | "timeout" | "unknown";
  readonly requestId?: string | undefined;
  readonly durationMs: number;
}

/** A request, described without secrets; the headers are computed per attempt. */
export interface PipelineRequest {
  readonly method: string;
  readonly url: string;
  /** For messages: the URL's path, without the query. */
  readonly path: string;
  readonly headers: () => Promise<Record<string, string>> | Record<string, string>;
  readonly body?: string;
}

/** The answer and how many attempts it took. */
export interface PipelineResult extends HttpResult {
  readonly attempts: number;
  readonly requestId: string | undefined;
}

/**
 * Sends a request (through the rate limiter, if any), retrying transient failures as
 * {@link decideRetry} says. Returns the last HTTP answer, successful or not, so the caller can
 * turn a status into the right error; throws {@link CxoneNetworkError} when no answer came.
 */
export async function sendWithRetry(
  ctx: PipelineContext,
  request: PipelineRequest,
): Promise<PipelineResult> {
  const started = ctx.clock.now();
  for (let attempt = 1; ; attempt++) {
    await ctx.bucket?.acquire();
    const sentAt = ctx.clock.now();
    let outcome: AttemptOutcome;
    let failure: TransportFailure | undefined;
    let result: HttpResult | undefined;
    try {
      const init = { method: request.method, headers: await request.headers() };
      result = await exchange(
        ctx.fetch,
        request.url,
        request.body === undefined ? init : { ...init, body: request.body },
        ctx.timeoutMs,
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
    const requestId = result?.headers.get("x-request-id") ?? undefined;
    ctx.onExchange?.({
      method: request.method,
      path: request.path,
      attempt,
      status: result?.status ?? failure?.reason ?? "unknown",
      requestId,
      durationMs: ctx.clock.now() - sentAt,
    });
    const decision = decideRetry(outcome, {
      attempt,
      elapsedMs: ctx.clock.now() - started,
      nowMs: ctx.clock.now(),
      random: ctx.random(),
      policy: ctx.retry,
    });
    if (!decision.retry || (result !== undefined && result.status < 400)) {
      if (result !== undefined) return { ...result, attempts: attempt, requestId };
      if (failure === undefined || failure.reason === "unknown") throw failure?.cause ?? failure;
      throw new CxoneNetworkError(
        request.method,
        request.path,
        failure.reason,
        attempt,
        failure.detail,
        { cause: failure },
      );
    }
    await ctx.clock.sleep(decision.delayMs);
  }
}
