import type { HeaderSource } from "./rate-limit-headers";

/** Options of {@link Pacing.acquire}. */
export interface AcquireOptions {
  /**
   * Take the next slot, ahead of every caller already waiting without priority: for a request
   * that others wait on (a token), or that must follow a read closely (the re-read and write
   * after a 412, which someone else's edit can beat again while it waits). @default false
   */
  readonly priority?: boolean;
}

/** What a response tells the pacing: its status and headers, and when its request left. */
export interface ResponseFeedback {
  readonly status: number;
  readonly headers: HeaderSource;
  /** When the request was sent, ms on the pipeline's clock. */
  readonly sentAt: number;
}

/**
 * How fast to send: the seam between the retry pipeline and the pacing of one tenant's
 * requests. `acquire` resolves when one request may leave; `observe` is told every answer
 * (429s and rate-limit headers included), so that an implementation can learn the rate the
 * tenant really has room for. Implementations are chosen by kind (see `PACING_MODES`).
 */
export interface Pacing {
  /** Resolves when the caller may send one request. */
  acquire(options?: AcquireOptions): Promise<void>;
  /** Called with each HTTP answer to a request that went through {@link acquire}. */
  observe(response: ResponseFeedback): void;
}
