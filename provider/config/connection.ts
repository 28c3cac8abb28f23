import {
  CREDENTIAL_KIND_NAMES,
  CREDENTIAL_KINDS,
  SECRET_FIELDS,
  type Credentials,
} from "../cxone/auth/credential-kinds";
import type { TenantLocation } from "../cxone/client";
import {
  InvalidSettingError,
  MissingCredentialsError,
  type MissingSetting,
  TenantCredentialsError,
} from "../errors/input-errors";
import { discoveryUrlOf, type StackConfig } from "./stack-config";
import {
  envNameOf,
  parseTenantSettings,
  TENANT_SETTING_KEYS,
  type TenantSettingKey,
  type TenantSettings,
} from "./tenant-settings";
import { describeTenant, sameTenant, tenantKeys, tenantRefOf, type TenantRef } from "./tenant";

/** A tenant and the credentials to act on it: what a CXone client needs. */
export interface ResolvedConnection {
  readonly tenant: TenantLocation;
  readonly credentials: Credentials;
}

/** One place settings come from, with how messages name its keys. */
interface Layer {
  readonly settings: TenantSettings;
  readonly label: (key: TenantSettingKey) => string;
}

/**
 * Where the settings of the stack's own tenant come from, highest first: the resource's
 * `connection`, stack config, the environment. The environment is checked here, naming the
 * variable of the first value that cannot be used.
 */
export function settingLayers(
  connection: TenantSettings | undefined,
  config: StackConfig,
  env: NodeJS.ProcessEnv,
): Layer[] {
  const fromEnv: Record<string, string> = {};
  for (const key of TENANT_SETTING_KEYS) {
    const value = env[envNameOf(key)];
    if (value !== undefined) fromEnv[key] = value;
  }
  const parsed = parseTenantSettings(fromEnv);
  if (!parsed.ok) {
    const [first] = parsed.problems;
    throw new InvalidSettingError(
      envNameOf(first?.key ?? ""),
      first?.value,
      first?.requirement ?? "",
    );
  }
  return [
    ...(connection === undefined
      ? []
      : [{ settings: connection, label: (k: string) => `connection.${k}` }]),
    { settings: config, label: (k: string) => `cxone:${k}` },
    { settings: parsed.settings, label: envNameOf },
  ];
}

/**
 * The stack's own tenant: the location given by the highest layer that names one (a base URL
 * or a tenant id; both when that layer gives both), or undefined. Locations are never mixed
 * across layers: a resource's `connection.tenantId` is not sent to the config's base URL.
 */
export function currentTenant(layers: readonly Layer[]): TenantRef | undefined {
  const layer = layers.find(
    (l) => l.settings.baseUrl !== undefined || l.settings.tenantId !== undefined,
  );
  return layer === undefined ? undefined : tenantRefOf(layer.settings);
}

/**
 * The credentials in `layers`: of the kind the highest layer holding any credential names,
 * each field from the highest layer that sets it (a client id in stack config and its secret in
 * the environment, say). Returns what is missing instead when that kind is incomplete.
 */
function credentialsIn(layers: readonly Layer[]): Credentials | MissingSetting[] {
  const holds = (layer: Layer, name: (typeof CREDENTIAL_KIND_NAMES)[number]) =>
    CREDENTIAL_KINDS[name].fields.some((f) => layer.settings[f] !== undefined);
  const chosen =
    layers.flatMap((l) => CREDENTIAL_KIND_NAMES.filter((name) => holds(l, name)))[0] ?? undefined;
  if (chosen === undefined) {
    return [
      {
        what: `credentials (${CREDENTIAL_KIND_NAMES.map((n) => `${CREDENTIAL_KINDS[n].fields.join(" and ")} for ${CREDENTIAL_KINDS[n].title}`).join(", or ")})`,
        config: CREDENTIAL_KIND_NAMES.map((n) =>
          CREDENTIAL_KINDS[n].fields.map((f) => `cxone:${f}`).join(" and "),
        ),
        env: CREDENTIAL_KIND_NAMES.map((n) =>
          CREDENTIAL_KINDS[n].fields.map(envNameOf).join(" and "),
        ),
        connection: CREDENTIAL_KIND_NAMES.map((n) =>
          CREDENTIAL_KINDS[n].fields.map((f) => `connection.${f}`).join(" and "),
        ),
      },
    ];
  }
  const values: Record<string, string> = {};
  const missing: MissingSetting[] = [];
  for (const field of CREDENTIAL_KINDS[chosen].fields) {
    const value = layers.map((l) => l.settings[field]).find((v) => v !== undefined);
    if (value === undefined) missing.push(missingSetting([field]));
    else values[field] = value;
  }
  return missing.length > 0 ? missing : ({ kind: chosen, values } as Credentials);
}

function missingSetting(keys: readonly TenantSettingKey[]): MissingSetting {
  return {
    what: keys.join(" or "),
    config: keys.map((k) => `cxone:${k}`),
    env: keys.map(envNameOf),
    connection: keys.map((k) => `connection.${k}`),
  };
}

/**
 * The stack's own tenant and its credentials, from the resource's `connection`, stack config and
 * the environment (see {@link settingLayers}). Throws {@link MissingCredentialsError} naming every
 * missing setting and the three places to give it, or {@link InvalidSettingError}.
 */
export function resolveConnection(
  connection: TenantSettings | undefined,
  config: StackConfig,
  env: NodeJS.ProcessEnv,
): ResolvedConnection {
  const layers = settingLayers(connection, config, env);
  const tenant = currentTenant(layers);
  const credentials = credentialsIn(layers);
  const missing = [
    ...(tenant === undefined ? [missingSetting(["baseUrl", "tenantId"])] : []),
    ...(Array.isArray(credentials) ? credentials : []),
  ];
  if (tenant === undefined || Array.isArray(credentials))
    throw new MissingCredentialsError(missing);
  return { tenant: locationOf(tenant, layers, config, env), credentials };
}

/**
 * Credentials for the tenant recorded in a resource's state, from `cxone:tenants` under its
 * tenant id or base URL; undefined when there is no entry. The entry's own location wins; the
 * recorded one fills in.
 */
export function recordedTenantConnection(
  recorded: TenantRef,
  config: StackConfig,
  env: NodeJS.ProcessEnv,
): ResolvedConnection | undefined {
  const key = tenantKeys(recorded).find((k) => config.tenants?.[k] !== undefined);
  const entry = key === undefined ? undefined : config.tenants?.[key];
  if (key === undefined || entry === undefined) return undefined;
  const layer: Layer = {
    settings: entry,
    label: (k) => `cxone:tenants[${JSON.stringify(key)}].${k}`,
  };
  const credentials = credentialsIn([layer]);
  if (Array.isArray(credentials))
    throw new MissingCredentialsError(
      credentials,
      `(for ${layer.label("clientId").replace(/\.clientId$/, "")}, which is looked up for resources recorded on that tenant)`,
    );
  const location = { ...recorded, ...tenantRefOf(entry) };
  return { tenant: locationOf(location, [layer], config, env), credentials };
}

/** The full location: the tenant, the auth URL from the same layers, and the discovery URL. */
function locationOf(
  tenant: TenantRef,
  layers: readonly Layer[],
  config: StackConfig,
  env: NodeJS.ProcessEnv,
): TenantLocation {
  const authUrl = layers.map((l) => l.settings.authUrl).find((v) => v !== undefined);
  const discoveryUrl =
    config.discoveryUrl ?? discoveryUrlOf(env.CXONE_DISCOVERY_URL, "CXONE_DISCOVERY_URL");
  return {
    ...tenant,
    ...(authUrl === undefined ? {} : { authUrl }),
    ...(discoveryUrl === undefined ? {} : { discoveryUrl }),
  };
}

/** What a hook was about to do on a recorded tenant, for the message when it cannot. */
export interface RecordedTenantUse {
  readonly widgetId: string;
  /** What the user was doing and how to proceed without the recorded tenant's credentials. */
  readonly next: string;
}

/**
 * The connection to act on a resource's recorded tenant: the stack's own when it names the same
 * tenant, else the `cxone:tenants` entry for it. Throws {@link TenantCredentialsError}, before
 * anything is sent, when neither has it: acting on the stack's tenant instead would restore,
 * read or overwrite another tenant's widget.
 */
export function connectionFor(
  recorded: TenantRef,
  connection: TenantSettings | undefined,
  config: StackConfig,
  env: NodeJS.ProcessEnv,
  use: RecordedTenantUse,
): ResolvedConnection {
  const current = currentTenant(settingLayers(connection, config, env));
  if (tenantKeys(recorded).length === 0 || (current !== undefined && sameTenant(current, recorded)))
    return resolveConnection(connection, config, env);
  const other = recordedTenantConnection(recorded, config, env);
  if (other !== undefined) return other;
  throw new TenantCredentialsError(
    use.widgetId,
    describeTenant(recorded),
    current === undefined ? undefined : describeTenant(current),
    tenantKeys(recorded)[0] ?? "",
    use.next,
  );
}

/**
 * Every secret value the settings hold (the resource's connection, stack config with its
 * `cxone:tenants`, the environment), to take out of any message or audit line.
 */
export function settingSecrets(
  connection: TenantSettings | undefined,
  config: StackConfig,
  env: NodeJS.ProcessEnv,
): string[] {
  const secrets: string[] = [];
  const from = (settings: object | undefined) => {
    for (const key of SECRET_FIELDS) {
      const value = (settings as Record<string, unknown> | undefined)?.[key];
      if (typeof value === "string") secrets.push(value);
    }
  };
  from(connection);
  from(config);
  for (const entry of Object.values(config.tenants ?? {})) from(entry);
  for (const key of SECRET_FIELDS) {
    const value = env[envNameOf(key)];
    if (value !== undefined) secrets.push(value);
  }
  return secrets;
}

/**
 * How to give a run the connection secret `key` (such as `clientSecret`) when the state holds
 * only its reference: stack config or the environment, with a placeholder where the value goes
 * (`CXONE_CLIENT_SECRET=<client secret>`), never a value.
 */
export function connectionSecretHint(key: string): string {
  const placeholder = `<${key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}>`;
  return `pulumi config set --secret <the key your program reads> ${placeholder}, or ${envNameOf(key)}=${placeholder} in the environment`;
}
