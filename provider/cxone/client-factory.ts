import type { ResolvedConnection } from "../config/connection";
import type { StackConfig } from "../config/stack-config";
import type { ProviderContext } from "../context/provider-context";
import { CxoneClient } from "./client";

/**
 * The client a process uses for a resolved connection: it draws on the context's tenant
 * services (one pacing, token cache and discovery cache per tenant, shared by every client of the
 * process), at the stack config's rate and pacing mode, its writes stopped once the engine is
 * gone (when the context has an engine guard). The provider's hooks and the `export` and `scan`
 * commands both build their clients here, so that they connect, pace and retry alike.
 */
export function clientFor(
  context: ProviderContext,
  connection: ResolvedConnection,
  config: StackConfig,
): CxoneClient {
  return new CxoneClient({
    ...connection,
    services: context.tenants,
    clock: context.clock,
    ...(config.requestsPerSecond
      ? { rateLimit: { requestsPerSecond: config.requestsPerSecond } }
      : {}),
    ...(config.pacingMode === undefined ? {} : { pacingMode: config.pacingMode }),
    ...(context.engine === undefined ? {} : { beforeWrite: context.engine.beforeWrite }),
  });
}
