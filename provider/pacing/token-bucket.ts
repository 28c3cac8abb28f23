import { systemClock, type Clock } from "../time/clock";
import type { AcquireOptions, Pacing } from "./pacing";

/** The rate a tenant's pacing keeps to: the options of its token bucket (`TokenBucket`). */
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

/** Random spacing of the queue's slots: see {@link TokenBucket}. */
export interface SlotJitter {
  /** Each slot is delayed by up to this share of a slot's length, drawn from the clock. */
  readonly share: number;
}

/**
 * A token bucket with a queue. A caller goes at once while the bucket holds a token and nobody
 * waits; otherwise it queues, and the queue is served one slot at a time at the sustained rate.
 * Priority callers queue ahead of the others, in their own arrival order.
 *
 * As a {@link Pacing} it is the `fixed` mode: it sends at the configured rate whatever the
 * answers say. The adaptive mode drives one through {@link setLimit} and {@link holdUntil}.
 */
export class TokenBucket implements Pacing {
  private tokens: number;
  private last: number;
  private current: RateLimit;
  private heldUntil = 0;
  private readonly waiting: { readonly priority: boolean; readonly go: () => void }[] = [];
  private serving = false;

  /**
   * @param jitter delays each slot of the queue by a random part of a slot, which the next slot
   * makes up (the sustained rate is kept): processes that share a tenant at the same rate then
   * do not send in lockstep, where the one whose requests land just after the tenant's bucket
   * refills would take every slot and the others every 429. @default none
   */
  constructor(
    limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly clock: Clock = systemClock,
    private readonly jitter?: SlotJitter,
  ) {
    this.current = limit;
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  /** The rate and burst in force. */
  get limit(): RateLimit {
    return this.current;
  }

  /**
   * Changes the rate and burst from now on: what was earned at the old rate is kept, up to the
   * new burst, and the next slot is spaced at the new rate.
   */
  setLimit(limit: RateLimit): void {
    this.refill();
    this.current = limit;
    this.tokens = Math.min(this.tokens, limit.burst);
  }

  /** Sends nothing before `atMs` (a later hold replaces an earlier one only when it ends later). */
  holdUntil(atMs: number): void {
    this.heldUntil = Math.max(this.heldUntil, atMs);
  }

  /** A fixed rate learns nothing from the answers. */
  observe(): void {}

  /** Resolves when the caller may send one request. */
  acquire(options: AcquireOptions = {}): Promise<void> {
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1 && this.clock.now() >= this.heldUntil) {
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
        const held = this.heldUntil - this.clock.now();
        if (held > 0) await this.clock.sleep(held);
        this.refill();
        this.tokens -= 1;
        if (this.tokens < 0) {
          const slot = 1 / this.perMs();
          const late = this.jitter === undefined ? 0 : this.jitter.share * this.clock.random();
          await this.clock.sleep(Math.ceil(-this.tokens * slot + late * slot));
        }
        this.waiting.shift()?.go();
      }
    } finally {
      this.serving = false;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.current.burst, this.tokens + (now - this.last) * this.perMs());
    this.last = now;
  }

  private perMs(): number {
    return this.current.requestsPerSecond / 1000;
  }
}
