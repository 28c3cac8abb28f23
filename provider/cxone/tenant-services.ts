import { systemClock, type Clock } from "../time/clock";
import { TenantPacing } from "../pacing/pacing-modes";
import { TokenCache } from "./auth/token-source";
import { DiscoveryCache } from "./discovery";

/**
 * What every CXone client of one process shares: each tenant's pacing, the tokens of each set of
 * credentials, and the tenants found by discovery. One instance lives in the process's context
 * (see `ProviderContext`); a client made without one gets its own, which shares nothing.
 */
export class TenantServices {
  readonly pacing: TenantPacing;
  readonly tokens = new TokenCache();
  readonly discovery = new DiscoveryCache();

  constructor(readonly clock: Clock = systemClock) {
    this.pacing = new TenantPacing(clock);
  }
}
