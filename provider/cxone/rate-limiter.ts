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

/** Options of {@link TokenBucket.acquire}. */
export interface AcquireOptions {
  /**
   * Take the next slot, ahead of every caller already waiting without priority: for a request
   * that others wait on (a token), or that must follow a read closely (the re-read and write
   * after a 412, which someone else's edit can beat again while it waits). @default false
   */
  readonly priority?: boolean;
}

/**
 * A token bucket with a queue. A caller goes at once while the bucket holds a token and nobody
 * waits; otherwise it queues, and the queue is served one slot at a time at the sustained rate.
 * Priority callers queue ahead of the others, in their own arrival order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiting: { readonly priority: boolean; readonly go: () => void }[] = [];
  private serving = false;

  constructor(
    readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  /** Resolves when the caller may send one request. */
  acquire(options: AcquireOptions = {}): Promise<void> {
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((go) => {
      const priority = options.priority === true;
      const at = priority ? this.waiting.findIndex((w) => !w.priority) : -1;
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { priority, go });
      void this.serve();
    });
  }

  /**
   * Lets the waiting callers go, one a slot. The balance may go negative while it waits, so a
   * clock that stands still (callers arriving in one tick) still spaces them. Whoever is first
   * when the slot comes goes, so a priority caller that arrives during a wait takes that slot.
   */
  private async serve(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.waiting.length > 0) {
        this.refill();
        this.tokens -= 1;
        if (this.tokens < 0) await this.clock.sleep(Math.ceil(-this.tokens / this.perMs()));
        this.waiting.shift()?.go();
      }
    } finally {
      this.serving = false;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + (now - this.last) * this.perMs());
    this.last = now;
  }

  private perMs(): number {
    return this.limit.requestsPerSecond / 1000;
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
