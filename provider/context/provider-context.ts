import { AuditTrails } from "../audit/audit-trail";
import { TenantServices } from "../cxone/tenant-services";
import { SecretVault } from "../dynamic/secret-refs";
import { Redaction } from "../errors/redact";
import { systemClock, type Clock } from "../time/clock";

/** What stops writes once the engine that asked for them is gone (see `engineGuard`). */
export interface WriteGuard {
  /** Throws when a write may no longer leave. */
  beforeWrite(): Promise<void>;
}

/**
 * Everything one provider process shares, built once when it starts and handed to whatever needs
 * it, as an AWS SDK client carries its resolved config: the clock, the environment, the secrets
 * (the vault behind secret references, and the redaction set), the audit trails, each tenant's
 * pacing, tokens and discovered endpoints, how warnings reach the user, and the engine guard.
 * Nothing else in `provider/` holds state across calls: a test builds a fresh context.
 */
export interface ProviderContext {
  /** The one clock: timestamps, waits, jitter. */
  readonly clock: Clock;
  /** The process's environment, read at run time (nothing of it is captured in the state). */
  readonly env: NodeJS.ProcessEnv;
  /** The secrets the process knows, taken out of every message, log and audit line. */
  readonly redaction: Redaction;
  /** The values behind secret references (see `secret-refs.ts`). */
  readonly vault: SecretVault;
  /** The audit trails the process writes, one per location. */
  readonly audit: AuditTrails;
  /** What every CXone client of the process shares: pacing, tokens and discovery, per tenant. */
  readonly tenants: TenantServices;
  /** Shows a warning to the user: the provider's stderr reaches the CLI's output. */
  readonly warn: (message: string) => void;
  /** Stops writes once the engine is gone; absent outside a provider process (tests, tools). */
  readonly engine?: WriteGuard | undefined;
}

/** What a caller may choose of a {@link ProviderContext}; the rest is built from it. */
export interface ProviderContextOptions {
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default console.error */
  readonly warn?: (message: string) => void;
  /** @default none */
  readonly engine?: WriteGuard;
}

/** Builds a process's context; a test calls it once per test for a clean start. */
export function createProviderContext(options: ProviderContextOptions = {}): ProviderContext {
  const clock = options.clock ?? systemClock;
  const env = options.env ?? process.env;
  const redaction = new Redaction();
  return {
    clock,
    env,
    redaction,
    vault: new SecretVault(env, redaction),
    audit: new AuditTrails(env),
    tenants: new TenantServices(clock),
    warn: options.warn ?? ((message) => console.error(message)),
    ...(options.engine === undefined ? {} : { engine: options.engine }),
  };
}
