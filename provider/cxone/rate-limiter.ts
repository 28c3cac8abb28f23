import { systemClock, type Clock } from "../http/clock";

/** Options of a {@link TokenBucket}. */
export interface RateLimit {
  /** Sustained rate. @default 10 */
  readonly requestsPerSecond: number;
  /**
   * Requests allowed at once after a quiet spell. Half the tenant's own burst by default, which
   * leaves the tenant's bucket room for network jitter that bunches requests together.
   * @default 5
   */
  readonly burst: number;
}

/** Defaults for {@link RateLimit}: CXone allows a tenant 10 requests per second. */
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 10, burst: 5 };

/**
 * A token bucket. `acquire` reserves a slot synchronously (the balance may go negative, which
 * queues the caller behind earlier reservations) and then waits, so concurrent callers are
 * served in order without a lock.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  /** Resolves when the caller may send one request. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    const perMs = this.limit.requestsPerSecond / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + (now - this.last) * perMs);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens < 0) await this.clock.sleep(Math.ceil(-this.tokens / perMs));
  }
}

const buckets = new Map<string, TokenBucket>();

/**
 * The bucket of one tenant, shared by every client in this process, so that a deployment of many
 * widgets stays under the tenant's limit instead of living on 429s. The first caller's limit wins.
 */
export function tenantBucket(tenant: string, limit: RateLimit = DEFAULT_RATE_LIMIT): TokenBucket {
  let bucket = buckets.get(tenant);
  if (bucket === undefined) {
    bucket = new TokenBucket(limit);
    buckets.set(tenant, bucket);
  }
  return bucket;
}
