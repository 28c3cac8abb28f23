/**
 * The adaptive sending rate's decisions, pure: nothing here sleeps or reads a clock, the caller
 * passes the time in. The shape is CUBIC congestion control as the AWS SDK's adaptive retry mode
 * uses it (`DefaultRateLimiter` in @smithy/util-retry): a throttle cuts the rate to `beta` times
 * what was being sent, and the rate then climbs back along a cubic curve, flat around a plateau
 * (so it lingers just under the limit it found) and steep below it.
 *
 * Without rate-limit headers, as CXone sends none, a 429 is the only signal, and it comes only
 * once the tenant's own burst is spent: by then every process sharing the tenant is over. So a
 * 429 cuts deep and holds (a random 1 to 2 s, so processes throttled together do not climb back
 * together), the plateau sits below the rate throttled, and above it the rate probes slowly, at
 * its share of the ceiling (several processes probe together about as fast as one), turning
 * cubic only the longer no 429 comes (see `curveAt`).
 *
 * Two more things go beyond the SDK. Rate-limit headers, where the tenant sends them, are an early
 * signal: a remaining quota below `lowWater` cuts gently (`softBeta`) before any 429, which is
 * what keeps several processes sharing one tenant almost free of 429s; one at or above
 * `highWater` climbs faster than the curve, to take up room another process has left; the
 * first answer that carries them sets the starting rate from how much of the quota is left, so
 * a process that joins a busy tenant does not start with a burst of 429s. And the rate never
 * exceeds the tenant's configured limit (lowered by an advertised policy), so one operator
 * alone runs at the limit, not past it.
 */
import type { AdvertisedLimit } from "./rate-limit-headers";

/** Tuning of the adaptive rate. */
export interface AdaptiveSettings {
  /** The tenant's limit, requests per second: the rate never goes above it. */
  readonly ceiling: number;
  /**
   * What a 429 leaves of the rate being sent. Without rate-limit headers a 429 is the first sign
   * of trouble, and it comes only once the tenant's own burst is spent, so the rate is well past
   * the tenant's room by then: a deep cut ends the congestion in one step. @default 0.5
   */
  readonly beta: number;
  /** What a low remaining quota leaves of it: gentler, since nothing failed. @default 0.9 */
  readonly softBeta: number;
  /** Share of the quota remaining below which the tenant is near its limit. @default 0.3 */
  readonly lowWater: number;
  /** Share of the quota remaining from which the tenant has room nobody uses. @default 0.9 */
  readonly highWater: number;
  /** What each answer at or above {@link highWater} adds, as a share of the ceiling. @default 0.05 */
  readonly highStep: number;
  /**
   * CUBIC's scale constant for a process that has the whole ceiling: how steep the curve is away
   * from its plateau. A process whose plateau is a share of the ceiling uses that share of it.
   * @default 0.4
   */
  readonly scale: number;
  /**
   * Where the curve flattens after a 429, as a share of the rate that was throttled: below it,
   * since that rate was too much. @default 0.85
   */
  readonly plateauShare: number;
  /**
   * CUBIC's fast convergence: when the rate throttled is below the plateau before it (the
   * tenant has less room for this process than it had), the new plateau is this much lower
   * again, leaving room to whoever has just joined. @default 0.8
   */
  readonly fastConvergence: number;
  /**
   * How fast the rate climbs above its plateau, requests per second each second, for a process
   * whose plateau is the whole ceiling; one with a share of it climbs at that share, so that
   * processes sharing a tenant probe together about as fast as one alone. @default 0.2
   */
  readonly probeSlope: number;
  /**
   * Added to the climb above the plateau: this times the cube of the seconds spent there, so
   * that room another process has left is taken up within seconds. @default 0.01
   */
  readonly probeCubic: number;
  /**
   * How long the rate stays at its cut after a 429 before it climbs, ms, or as long as the 429's
   * Retry-After asked (up to {@link maxHoldMs}) if that is longer: the tenant's bucket refills
   * meanwhile. @default 1000
   */
  readonly holdMs: number;
  /**
   * Up to this share of {@link holdMs} is added at random, so that processes throttled
   * together do not climb back together. @default 1
   */
  readonly holdJitter: number;
  /** The rate never goes below this, requests per second. @default 0.5 */
  readonly minRate: number;
  /** The share of the ceiling a process starts at before any answer has said more. @default 0.5 */
  readonly startShare: number;
  /** Weight of the newest half second in the measured sending rate. @default 0.8 */
  readonly smooth: number;
  /** Policies with a longer window set no rate and no level, only a hold at 0 remaining. @default 60 */
  readonly shortWindowSeconds: number;
  /** Longest hold honoured for a quota at 0 remaining, or after a 429. @default 30000 */
  readonly maxHoldMs: number;
}

/** Defaults of {@link AdaptiveSettings}, all but the ceiling. */
export const DEFAULT_ADAPTIVE_SETTINGS: Omit<AdaptiveSettings, "ceiling"> = {
  beta: 0.5,
  softBeta: 0.9,
  lowWater: 0.3,
  highWater: 0.9,
  highStep: 0.05,
  scale: 0.4,
  plateauShare: 0.85,
  fastConvergence: 0.8,
  probeSlope: 0.2,
  probeCubic: 0.01,
  holdMs: 1000,
  holdJitter: 1,
  minRate: 0.5,
  startShare: 0.5,
  smooth: 0.8,
  shortWindowSeconds: 60,
  maxHoldMs: 30_000,
};

/** Where the adaptive rate stands. */
export interface AdaptiveState {
  /** The sending rate now, requests per second. */
  readonly rate: number;
  /** The configured ceiling, lowered by any policy the tenant advertised. */
  readonly ceiling: number;
  /** The curve's plateau: the rate it returns to and lingers at before probing above. */
  readonly lastMaxRate: number;
  /** Where the curve starts: when the rate was last cut or reset, plus any hold, ms. */
  readonly lastCutAt: number;
  /**
   * When the rate was last lowered, ms. An answer to a request sent before then says nothing
   * about the lowered rate, so it lowers it no further.
   */
  readonly loweredAt: number;
  /** How long the curve takes to return to {@link lastMaxRate}, seconds (CUBIC's K). */
  readonly recoverySeconds: number;
  /** The rate actually sent, smoothed over half-second buckets. */
  readonly measuredRate: number;
  /** Start of the current measuring bucket, seconds. */
  readonly measuredBucket: number;
  /** Answers counted in it. */
  readonly measuredCount: number;
  /** Whether any answer has carried a quota and its remaining. */
  readonly heardLevel: boolean;
}

/** One answer, as the rate sees it. */
export interface Answer {
  /** Answered 429. */
  readonly throttled: boolean;
  /** When its request was sent, ms. @default as if sent after every cut so far */
  readonly sentAt?: number;
  /** The limits its headers advertised (see `parseRateLimitHeaders`). */
  readonly limits: readonly AdvertisedLimit[];
  /** A draw from [0, 1), for the jitter of a hold. @default 0.5 */
  readonly random?: number;
  /** What a 429's Retry-After asked for, ms: the hold after it lasts at least this long. */
  readonly retryAfterMs?: number;
}

/** The state after an answer, and how long to send nothing when the tenant said so. */
export interface AdaptiveStep {
  readonly state: AdaptiveState;
  /** Send nothing for this long: a quota is at 0 remaining until its reset. */
  readonly holdMs?: number;
}

/** CUBIC's K: the seconds the curve takes to climb from `beta * lastMaxRate` back to it. */
export function recoverySeconds(lastMaxRate: number, beta: number, scale: number): number {
  return Math.cbrt((lastMaxRate * (1 - beta)) / scale);
}

/**
 * The curve's scale below a plateau: {@link AdaptiveSettings.scale} times the plateau's share
 * of the ceiling, so that every curve takes as long to climb back to its plateau, whatever the
 * rate (CUBIC's K no longer depends on it), and processes that share a tenant return together
 * about as fast as one process alone.
 */
export function curveScale(lastMaxRate: number, ceiling: number, scale: number): number {
  return scale * Math.min(1, Math.max(lastMaxRate, Number.MIN_VALUE) / ceiling);
}

/**
 * The rate the curve gives at `nowMs`: flat while a hold lasts; then CUBIC's concave climb to
 * the plateau over `recoverySeconds`; then, above the plateau, a slow linear probe (see
 * {@link AdaptiveSettings.probeSlope}) that turns cubic the longer no 429 comes. CUBIC's own
 * convex half climbs too fast here: a tenant's bucket hides an excess until its burst is
 * spent, and by then every process sharing it is over.
 */
export function curveAt(
  state: Pick<AdaptiveState, "lastMaxRate" | "lastCutAt" | "recoverySeconds" | "ceiling">,
  nowMs: number,
  settings: Pick<AdaptiveSettings, "scale" | "probeSlope" | "probeCubic">,
): number {
  const since = Math.max(0, (nowMs - state.lastCutAt) / 1000);
  if (since <= state.recoverySeconds) {
    const scale = curveScale(state.lastMaxRate, state.ceiling, settings.scale);
    return cubicRate(since, state.lastMaxRate, state.recoverySeconds, scale);
  }
  const above = since - state.recoverySeconds;
  const share = Math.min(1, state.lastMaxRate / state.ceiling);
  return state.lastMaxRate + settings.probeSlope * share * above + settings.probeCubic * above ** 3;
}

/** The rate on the cubic curve `secondsSinceCut` after a cut from `lastMaxRate`. */
export function cubicRate(
  secondsSinceCut: number,
  lastMaxRate: number,
  recovery: number,
  scale: number,
): number {
  return scale * (secondsSinceCut - recovery) ** 3 + lastMaxRate;
}

/** What the advertised limits say together. */
export interface TenantReading {
  /** The lowest sustained rate among short-window policies, requests per second. */
  readonly ceiling?: number;
  /** The lowest share of a short-window quota remaining, 0 to 1. */
  readonly level?: number;
  /** How long until a quota at 0 remaining resets, capped; the longest if several. */
  readonly holdMs?: number;
}

/** Reads the limits an answer advertised; see {@link AdaptiveSettings.shortWindowSeconds}. */
export function readTenant(
  limits: readonly AdvertisedLimit[],
  settings: Pick<AdaptiveSettings, "shortWindowSeconds" | "maxHoldMs">,
): TenantReading {
  let ceiling: number | undefined;
  let level: number | undefined;
  let holdMs: number | undefined;
  for (const limit of limits) {
    const short =
      limit.windowSeconds === undefined || limit.windowSeconds <= settings.shortWindowSeconds;
    if (short && limit.quota !== undefined && limit.windowSeconds !== undefined) {
      ceiling = Math.min(ceiling ?? Infinity, limit.quota / limit.windowSeconds);
    }
    if (short && limit.quota !== undefined && limit.quota > 0 && limit.remaining !== undefined) {
      level = Math.min(level ?? 1, limit.remaining / limit.quota);
    }
    if (limit.remaining === 0 && limit.resetMs !== undefined && limit.resetMs > 0) {
      holdMs = Math.max(holdMs ?? 0, Math.min(limit.resetMs, settings.maxHoldMs));
    }
  }
  return {
    ...(ceiling === undefined ? {} : { ceiling }),
    ...(level === undefined ? {} : { level }),
    ...(holdMs === undefined ? {} : { holdMs }),
  };
}

/**
 * The state of a process that has heard nothing yet: half the ceiling (by default), on a
 * curve that reaches the ceiling within a few seconds unless a 429 or a low quota says otherwise.
 */
export function startState(settings: AdaptiveSettings, nowMs: number): AdaptiveState {
  const rate = clamp(settings.ceiling * settings.startShare, settings.minRate, settings.ceiling);
  return {
    rate,
    ceiling: settings.ceiling,
    lastMaxRate: settings.ceiling,
    lastCutAt: nowMs,
    loweredAt: -Infinity,
    recoverySeconds: recoverySeconds(settings.ceiling, rate / settings.ceiling, settings.scale),
    measuredRate: 0,
    measuredBucket: Math.floor((nowMs / 1000) * 2) / 2,
    measuredCount: 0,
    heardLevel: false,
  };
}

/**
 * The state after one answer: measured, then cut (429, or a low quota), started from the first
 * level heard, climbed (a full quota), or moved along the curve.
 */
export function nextRate(
  state: AdaptiveState,
  answer: Answer,
  nowMs: number,
  settings: AdaptiveSettings,
): AdaptiveStep {
  const reading = readTenant(answer.limits, settings);
  const ceiling = Math.min(settings.ceiling, reading.ceiling ?? state.ceiling);
  let next: AdaptiveState = { ...measure(state, nowMs, settings.smooth), ceiling };
  // Like TCP, one congestion event lowers the rate once: requests already on their way when it
  // was lowered answer for the old rate.
  const stale = answer.sentAt !== undefined && answer.sentAt < state.loweredAt;
  if (answer.throttled) {
    if (!stale) {
      // A tenant that asks for a longer wait is the more over-subscribed: hold at least as long.
      const base = Math.min(
        settings.maxHoldMs,
        Math.max(settings.holdMs, answer.retryAfterMs ?? 0),
      );
      const holdMs = base * (1 + settings.holdJitter * (answer.random ?? 0.5));
      next = cut(next, nowMs, settings, {
        beta: settings.beta,
        plateauShare: settings.plateauShare,
        fastConvergence: settings.fastConvergence,
        holdMs,
      });
    }
  } else if (reading.level !== undefined && !state.heardLevel) {
    // The first word on the quota: start at the share of it that is left, on a curve back to
    // the ceiling, so a busy tenant is joined gently and an idle one at once.
    const rate = clamp(ceiling * reading.level, settings.minRate, ceiling);
    next = {
      ...next,
      rate,
      lastMaxRate: ceiling,
      lastCutAt: nowMs,
      recoverySeconds: recoverySeconds(ceiling, rate / ceiling, settings.scale),
    };
  } else if (reading.level !== undefined && reading.level < settings.lowWater) {
    // Nothing failed: cut gently, to a plateau at the rate sent, and climb again at once.
    if (!stale)
      next = cut(next, nowMs, settings, {
        beta: settings.softBeta,
        plateauShare: 1,
        fastConvergence: 1,
        holdMs: 0,
      });
  } else if (reading.level !== undefined && reading.level >= settings.highWater) {
    next = climb(next, nowMs, ceiling, settings);
  } else {
    next = { ...next, rate: curveAt(next, nowMs, settings) };
  }
  const rate = clamp(next.rate, settings.minRate, ceiling);
  return {
    state: { ...next, rate, heardLevel: state.heardLevel || reading.level !== undefined },
    ...(reading.holdMs === undefined ? {} : { holdMs: reading.holdMs }),
  };
}

/**
 * The burst a rate allows: half a second's worth, as the fixed mode's default (5 at 10/s), at
 * least 1 and at most `maxBurst`; and 1 before any answer, so a process's first requests
 * do not arrive at a busy tenant all at once.
 */
export function burstFor(state: AdaptiveState, maxBurst: number, answered: boolean): number {
  if (!answered) return 1;
  return Math.max(1, Math.min(maxBurst, Math.floor(state.rate / 2)));
}

/**
 * A quota that is (nearly) full says the tenant has room nobody is using: typically another
 * process has just finished. Rather than wait for the curve, add `highStep` of the ceiling per
 * answer, up to twice what is being sent, and restart the curve flat at the new rate.
 */
function climb(
  state: AdaptiveState,
  nowMs: number,
  ceiling: number,
  settings: AdaptiveSettings,
): AdaptiveState {
  const curve = curveAt(state, nowMs, settings);
  const stepped = state.rate + settings.highStep * ceiling;
  const room = state.measuredRate > 0 ? Math.max(state.rate, 2 * state.measuredRate) : stepped;
  const rate = Math.min(ceiling, Math.max(curve, Math.min(stepped, room)));
  return { ...state, rate, lastMaxRate: rate, lastCutAt: nowMs, recoverySeconds: 0 };
}

/** How a cut is made: see {@link AdaptiveSettings}. */
interface CutShape {
  readonly beta: number;
  readonly plateauShare: number;
  readonly fastConvergence: number;
  readonly holdMs: number;
}

/**
 * Cuts to `beta` times the rate being sent (the measured rate, when lower than the allowed),
 * holds it there for `holdMs`, then climbs along a curve that flattens at `plateauShare` of the
 * rate sent: below the rate that was throttled, since that one was too much.
 */
function cut(
  state: AdaptiveState,
  nowMs: number,
  settings: AdaptiveSettings,
  shape: CutShape,
): AdaptiveState {
  const sending = state.measuredRate > 0 ? Math.min(state.measuredRate, state.rate) : state.rate;
  const rate = sending * shape.beta;
  const shrinking = state.loweredAt !== -Infinity && sending < state.lastMaxRate;
  const share = shape.plateauShare * (shrinking ? shape.fastConvergence : 1);
  const plateau = Math.max(rate, sending * share);
  const scale = curveScale(plateau, state.ceiling, settings.scale);
  return {
    ...state,
    rate,
    lastMaxRate: plateau,
    lastCutAt: nowMs + shape.holdMs,
    loweredAt: nowMs,
    recoverySeconds: recoverySeconds(plateau, rate / plateau, scale),
  };
}

/** `value` within `[low, high]`; `high` wins when the ceiling is below the minimum rate. */
function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Counts one answer into half-second buckets, smoothing each finished bucket's rate in. */
function measure(state: AdaptiveState, nowMs: number, smooth: number): AdaptiveState {
  const bucket = Math.floor((nowMs / 1000) * 2) / 2;
  const count = state.measuredCount + 1;
  if (bucket <= state.measuredBucket) return { ...state, measuredCount: count };
  const rate = count / (bucket - state.measuredBucket);
  return {
    ...state,
    measuredRate: rate * smooth + state.measuredRate * (1 - smooth),
    measuredBucket: bucket,
    measuredCount: 0,
  };
}
