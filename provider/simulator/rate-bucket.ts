/**
 * The tenant's rate limit on API routes: a token bucket of `rate` per second, with a burst of
 * the same size, and the Retry-After a 429 gives.
 */
export class RateBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: number,
    private readonly now: () => number,
    /** How 429 responses give Retry-After. */
    private readonly retryAfterFormat: "seconds" | "date" = "seconds",
  ) {
    this.tokens = rate;
    this.at = now();
  }

  /** Takes a slot for one request; false when the tenant is over its limit. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** When the next slot frees up, as Retry-After: whole seconds (at least 1) or an HTTP-date. */
  retryAfter(): string {
    const waitMs = ((1 - this.tokens) / this.rate) * 1000;
    if (this.retryAfterFormat === "date")
      return new Date(this.now() + Math.max(waitMs, 1000)).toUTCString();
    return String(Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
