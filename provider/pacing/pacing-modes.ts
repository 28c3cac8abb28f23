import { systemClock, type Clock } from "../time/clock";
import type { Pacing } from "./pacing";
import { InvalidSettingError } from "../errors/input-errors";
import { AdaptivePacing } from "./adaptive-pacing";
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimit } from "./token-bucket";

/**
 * Every way of pacing a tenant's requests, by the name `cxone:rateMode` gives it. Adding one is
 * a file with a {@link Pacing} and a line here.
 */
export const PACING_MODES = {
  /** Learns the tenant's room from 429s and rate-limit headers; see {@link AdaptivePacing}. */
  adaptive: (limit: RateLimit, clock: Clock): Pacing => new AdaptivePacing(limit, clock),
  /** Always the configured rate, as if the process owned the tenant's whole limit. */
  fixed: (limit: RateLimit, clock: Clock): Pacing => new TokenBucket(limit, clock),
} satisfies Record<string, (limit: RateLimit, clock: Clock) => Pacing>;

/** The name of a pacing mode. */
export type PacingMode = keyof typeof PACING_MODES;

/** The mode used when none is configured. */
export const DEFAULT_PACING_MODE: PacingMode = "adaptive";

/** Reads a mode's name from a setting; throws {@link InvalidSettingError} naming the choices. */
export function parsePacingMode(source: string, value: string): PacingMode {
  if (Object.hasOwn(PACING_MODES, value)) return value as PacingMode;
  throw new InvalidSettingError(
    source,
    value,
    `is not a pacing mode: use ${Object.keys(PACING_MODES)
      .map((m) => JSON.stringify(m))
      .join(" or ")}`,
  );
}

/**
 * The pacing of each tenant a process talks to, shared by every client of that tenant in the
 * process, so that a deployment of many widgets stays under the tenant's limit instead of living
 * on 429s. Part of the process's context: a test starts from an empty one.
 */
export class TenantPacing {
  private readonly paces = new Map<string, Pacing>();

  constructor(private readonly clock: Clock = systemClock) {}

  /**
   * The pacing of `tenant` with this limit and mode. Asked again with another limit or mode (a
   * tool that reads other settings), it is another pacing: no caller's settings win over another's.
   */
  of(
    tenant: string,
    limit: RateLimit = DEFAULT_RATE_LIMIT,
    mode: PacingMode = DEFAULT_PACING_MODE,
  ): Pacing {
    const key = [tenant, mode, limit.requestsPerSecond, limit.burst].join("\n");
    let pacing = this.paces.get(key);
    if (pacing === undefined) {
      pacing = PACING_MODES[mode](limit, this.clock);
      this.paces.set(key, pacing);
    }
    return pacing;
  }
}
