import { systemClock, type Clock } from "../http/clock";
import type { SendRate } from "../http/send-rate";
import { InvalidSettingError } from "../errors/invalid-setting-error";
import { AdaptiveRate } from "./adaptive-rate";
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimit } from "./rate-limiter";

/**
 * Every way of pacing a tenant's requests, by the name `cxone:rateMode` gives it. Adding one is
 * a file with a {@link SendRate} and a line here.
 */
export const SEND_RATE_MODES = {
  /** Learns the tenant's room from 429s and rate-limit headers; see {@link AdaptiveRate}. */
  adaptive: (limit: RateLimit, clock: Clock): SendRate => new AdaptiveRate(limit, clock),
  /** Always the configured rate, as if the process owned the tenant's whole limit. */
  fixed: (limit: RateLimit, clock: Clock): SendRate => new TokenBucket(limit, clock),
} satisfies Record<string, (limit: RateLimit, clock: Clock) => SendRate>;

/** The name of a pacing mode. */
export type SendRateMode = keyof typeof SEND_RATE_MODES;

/** The mode used when none is configured. */
export const DEFAULT_SEND_RATE_MODE: SendRateMode = "adaptive";

/** Reads a mode's name from a setting; throws {@link InvalidSettingError} naming the choices. */
export function parseSendRateMode(source: string, value: string): SendRateMode {
  if (Object.hasOwn(SEND_RATE_MODES, value)) return value as SendRateMode;
  throw new InvalidSettingError(
    source,
    value,
    `is not a rate mode: use ${Object.keys(SEND_RATE_MODES)
      .map((m) => JSON.stringify(m))
      .join(" or ")}`,
  );
}

const rates = new Map<string, SendRate>();

/**
 * The pacing of one tenant, shared by every client in this process, so that a deployment of many
 * widgets stays under the tenant's limit instead of living on 429s. The first caller's limit and
 * mode win.
 */
export function tenantSendRate(
  tenant: string,
  limit: RateLimit = DEFAULT_RATE_LIMIT,
  mode: SendRateMode = DEFAULT_SEND_RATE_MODE,
  clock: Clock = systemClock,
): SendRate {
  let rate = rates.get(tenant);
  if (rate === undefined) {
    rate = SEND_RATE_MODES[mode](limit, clock);
    rates.set(tenant, rate);
  }
  return rate;
}
