import { spawnSync } from "node:child_process";
import { z } from "zod";
import { resolveConnection, settingSecrets, type ResolvedConnection } from "../config/connection";
import { readStackConfig, type StackConfig } from "../config/stack-config";
import { describeTenant, tenantRefOf } from "../config/tenant";
import { createProviderContext, type ProviderContext } from "../context/provider-context";
import type { CxoneClient } from "../cxone/client";
import { clientFor } from "../cxone/client-factory";
import type { Clock } from "../time/clock";

/** What a command runs with: where its output goes, its environment and its directory. */
export interface CommandIo {
  /** One line (or one document without its last newline) for stdout. */
  readonly out: (line: string) => void;
  /** One line for stderr. */
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Where `pulumi config` and `pulumi stack export` run, and relative paths start. */
  readonly cwd: string;
  /** @default the system clock */
  readonly clock?: Clock;
}

/** The tenant a command works on: one context for the run, and a client on it. */
export interface CommandTenant {
  /** The process's one context: pacing, tokens, discovery and the redaction set. */
  readonly context: ProviderContext;
  readonly config: StackConfig;
  readonly connection: ResolvedConnection;
  readonly client: CxoneClient;
  /** The tenant for people and headers: `tenant https://api-na1.example.com`. Never a secret. */
  readonly description: string;
}

/** `pulumi config --json` output: each key with its value as text. */
const pulumiConfigSchema = z.record(
  z.string(),
  z.looseObject({ value: z.string().optional(), secret: z.boolean().optional() }),
);

/** A source of `cxone:*` keys, as `readStackConfig` reads them. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * The `cxone:*` keys of a stack's config, read with `pulumi config --json --show-secrets --stack
 * <name>` in `cwd` (the project directory), with the backend and passphrase of `env`. Throws
 * with the CLI's own message when it fails, and never with a value of the config.
 */
export function stackConfigSource(
  stack: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): ConfigSource {
  const args = ["config", "--json", "--show-secrets", "--stack", stack];
  const result = spawnSync("pulumi", args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.error !== undefined)
    throw new Error(`cannot run pulumi config: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(
      `pulumi config --stack ${stack} failed with exit code ${result.status}: ${result.stderr.trim()}`,
    );
  let parsed;
  try {
    parsed = pulumiConfigSchema.safeParse(JSON.parse(result.stdout));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success !== true)
    throw new Error(`pulumi config --json --stack ${stack} did not print a JSON object of keys`);
  const values = new Map<string, string>();
  for (const [key, entry] of Object.entries(parsed.data))
    if (key.startsWith("cxone:") && entry.value !== undefined) values.set(key, entry.value);
  return { get: (key) => values.get(key) };
}

/** No stack config: the environment alone, as the provider reads it when config is silent. */
export const NO_STACK_CONFIG: ConfigSource = { get: () => undefined };

/**
 * The one context of a command's run, its redaction set holding every tenant secret of the
 * environment from the start, so that even a failure before the tenant is open shows none.
 */
export function commandContext(io: CommandIo): ProviderContext {
  const context = createProviderContext({
    env: io.env,
    warn: (message) => io.err(message),
    ...(io.clock === undefined ? {} : { clock: io.clock }),
  });
  context.redaction.add(...settingSecrets(undefined, {}, io.env), io.env.CXONE_AUDIT_KEY);
  return context;
}

/**
 * The tenant a command works on, as a stack's provider would reach it: the stack's `cxone:*`
 * config (when `source` has it), then the `CXONE_*` environment; every auth mode the provider
 * has (client credentials, access keys, a tenant id found by discovery). The config's secrets
 * join the context's redaction set. Throws the provider's own errors for settings that are
 * missing or cannot be used.
 */
export function openTenant(source: ConfigSource, context: ProviderContext): CommandTenant {
  const config = readStackConfig(source);
  context.redaction.add(...settingSecrets(undefined, config, context.env), config.auditKey);
  const connection = resolveConnection(undefined, config, context.env);
  return {
    context,
    config,
    connection,
    client: clientFor(context, connection, config),
    description: describeTenant(tenantRefOf(connection.tenant)),
  };
}

/** {@link openTenant} on a stack's config (`--stack`), or on the environment alone. */
export function openCommandTenant(
  stack: string | undefined,
  io: CommandIo,
  context: ProviderContext,
): CommandTenant {
  return openTenant(
    stack === undefined ? NO_STACK_CONFIG : stackConfigSource(stack, io.cwd, io.env),
    context,
  );
}

/** Why a command could not run, in one line, with every secret the run knows taken out. */
export function commandFailure(command: string, error: unknown, context: ProviderContext): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${command}: ${context.redaction.apply(message)}`;
}
