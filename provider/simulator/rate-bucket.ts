/**
 * Which rate-limit fields the simulated tenant sends with every API answer: none (what CXone is
 * known to do), the IETF httpapi draft's `RateLimit-Policy` and `RateLimit`, or the common
 * `X-RateLimit-Limit`/`-Remaining`/`-Reset`.
 */
export type RateLimitHeaderStyle = "none" | "ratelimit" | "x-ratelimit";

/** Every {@link RateLimitHeaderStyle}, for option parsing. */
export const RATE_LIMIT_HEADER_STYLES: readonly RateLimitHeaderStyle[] = [
  "none",
  "ratelimit",
  "x-ratelimit",
];

/**
 * The tenant's rate limit on API routes: a token bucket of `rate` per second, with a burst of
 * the same size, the Retry-After a 429 gives, and the rate-limit fields that describe it.
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
    this.refill();
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

  /**
   * The bucket as rate-limit fields, as it stands now: the quota is the burst over a one-second
   * window (ten seconds when the rate is not a whole number), the remaining is the whole slots
   * left, and the reset is the whole seconds until the bucket is full again.
   */
  fields(style: RateLimitHeaderStyle): Record<string, string> {
    if (style === "none") return {};
    this.refill();
    const windowSeconds = Number.isInteger(this.rate) ? 1 : 10;
    const quota = Math.round(this.rate * windowSeconds);
    const remaining = Math.max(0, Math.floor(this.tokens));
    const reset = Math.ceil(Math.max(0, this.rate - this.tokens) / this.rate);
    if (style === "x-ratelimit") {
      return {
        "x-ratelimit-limit": String(quota),
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(reset),
      };
    }
    return {
      "ratelimit-policy": `"tenant";q=${quota};w=${windowSeconds}`,
      ratelimit: `"tenant";r=${remaining};t=${reset}`,
    };
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
  }
}
