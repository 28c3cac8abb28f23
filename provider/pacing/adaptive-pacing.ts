import { systemClock, type Clock } from "../time/clock";
import {
  burstFor,
  DEFAULT_ADAPTIVE_SETTINGS,
  nextRate,
  startState,
  type AdaptiveSettings,
  type AdaptiveState,
} from "./cubic";
import { parseRateLimitHeaders } from "./rate-limit-headers";
import { parseRetryAfter } from "../http/retry";
import type { AcquireOptions, ResponseFeedback, Pacing } from "./pacing";
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimit } from "./token-bucket";

/**
 * The `adaptive` mode: a {@link TokenBucket} (queue and priority lane included) whose rate
 * follows the tenant's answers, as `nextRate` decides: cut on 429 and on a low remaining quota,
 * recovering along a cubic curve, never above the configured limit. Several processes that
 * share a tenant cannot share memory; each learns its share from the answers alone.
 */
export class AdaptivePacing implements Pacing {
  private readonly bucket: TokenBucket;
  private readonly settings: AdaptiveSettings;
  private readonly maxBurst: number;
  private current: AdaptiveState;
  private answered = false;

  /**
   * @param limit the tenant's limit: `requestsPerSecond` is the ceiling, `burst` the largest burst
   * @param clock its draws jitter a hold after a 429 and the queue's slots
   * @param tuning overrides of {@link DEFAULT_ADAPTIVE_SETTINGS}
   */
  constructor(
    limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly clock: Clock = systemClock,
    tuning: Partial<Omit<AdaptiveSettings, "ceiling">> = {},
  ) {
    this.settings = { ...DEFAULT_ADAPTIVE_SETTINGS, ...tuning, ceiling: limit.requestsPerSecond };
    this.maxBurst = limit.burst;
    this.current = startState(this.settings, clock.now());
    this.bucket = new TokenBucket(this.limitFor(this.current), clock, { share: 1 });
  }

  /** The sending rate now, requests per second. */
  get rate(): number {
    return this.current.rate;
  }

  acquire(options?: AcquireOptions): Promise<void> {
    return this.bucket.acquire(options);
  }

  observe(response: ResponseFeedback): void {
    const now = this.clock.now();
    const retryAfterMs =
      response.status === 429
        ? parseRetryAfter(response.headers.get("retry-after"), now)
        : undefined;
    const step = nextRate(
      this.current,
      {
        throttled: response.status === 429,
        sentAt: response.sentAt,
        limits: parseRateLimitHeaders(response.headers, now),
        random: this.clock.random(),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
      now,
      this.settings,
    );
    this.current = step.state;
    this.answered = true;
    this.bucket.setLimit(this.limitFor(step.state));
    if (step.holdMs !== undefined) this.bucket.holdUntil(now + step.holdMs);
  }

  private limitFor(state: AdaptiveState): RateLimit {
    return { requestsPerSecond: state.rate, burst: burstFor(state, this.maxBurst, this.answered) };
  }
}
