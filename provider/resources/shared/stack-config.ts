import type { ClientCredentials } from "../../cxone/oauth";
import { DEFAULT_AUDIT_DIR } from "../../audit/audit-log";
import { DEFAULT_SPOOL_DIR } from "../../audit/audit-spool";
import type { AuditSettings } from "../../audit/audit-trail";
import { secureUrlProblem, trimBaseUrl } from "../../http/secure-url";
import { InvalidSettingError } from "../../errors/invalid-setting-error";
import { MissingCredentialsError } from "../../errors/missing-credentials-error";
import type { Connection } from "../policy/inputs";

/** What the provider reads from stack config in `configure`; every key is optional. */
export interface StackConfig {
  readonly baseUrl?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly auditDir?: string | undefined;
  /** Where audit lines go: a directory or an `s3://` URL; wins over `auditDir`. */
  readonly audit?: string | undefined;
  /** The HMAC key that signs every audit line (a secret). */
  readonly auditKey?: string | undefined;
  readonly requestsPerSecond?: number | undefined;
}

/** The environment variable of each credential, the last place it is looked for. */
export const ENV_NAMES = {
  baseUrl: "CXONE_BASE_URL",
  clientId: "CXONE_CLIENT_ID",
  clientSecret: "CXONE_CLIENT_SECRET",
} as const;

/** Why a tenant base URL is refused, or undefined: the client secret travels to it. */
export function baseUrlProblem(text: string): string | undefined {
  return secureUrlProblem(text, "the OAuth client secret");
}

/** Reads the `cxone:*` stack config keys through the dynamic provider's config object. */
export function readStackConfig(config: { get(key: string): string | undefined }): StackConfig {
  const rps = config.get("cxone:requestsPerSecond");
  if (rps !== undefined && !(Number(rps) > 0 && Number.isFinite(Number(rps)))) {
    throw new InvalidSettingError(
      "cxone:requestsPerSecond",
      rps,
      "must be a positive number of requests per second",
    );
  }
  return {
    baseUrl: config.get("cxone:baseUrl"),
    clientId: config.get("cxone:clientId"),
    clientSecret: config.get("cxone:clientSecret"),
    auditDir: config.get("cxone:auditDir"),
    audit: config.get("cxone:audit"),
    auditKey: auditKey(config.get("cxone:auditKey"), "cxone:auditKey"),
    requestsPerSecond: rps === undefined ? undefined : Number(rps),
  };
}

/**
 * The tenant base URL in effect: the resource's connection, then stack config, then the
 * environment. Undefined when none says.
 */
export function effectiveBaseUrl(
  connection: Connection | undefined,
  settings: StackConfig,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const url = connection?.baseUrl ?? settings.baseUrl ?? env.CXONE_BASE_URL;
  return url === undefined ? undefined : trimBaseUrl(url);
}

/**
 * Credentials, each taken from the first of: the resource's connection, stack config, the
 * environment. Throws {@link MissingCredentialsError} naming every missing one and all three ways.
 */
export function resolveCredentials(
  connection: Connection | undefined,
  settings: StackConfig,
  env: NodeJS.ProcessEnv,
): ClientCredentials {
  const pick = (key: keyof Connection) => connection?.[key] ?? settings[key] ?? env[ENV_NAMES[key]];
  const baseUrl = effectiveBaseUrl(connection, settings, env);
  const problem = baseUrl === undefined ? undefined : baseUrlProblem(baseUrl);
  if (problem !== undefined && baseUrl !== undefined) {
    const source =
      connection?.baseUrl !== undefined
        ? "connection.baseUrl"
        : settings.baseUrl !== undefined
          ? "cxone:baseUrl"
          : "CXONE_BASE_URL";
    throw new InvalidSettingError(source, baseUrl, problem);
  }
  const clientId = pick("clientId");
  const clientSecret = pick("clientSecret");
  const missing: Array<keyof typeof ENV_NAMES> = [
    ...(baseUrl ? [] : (["baseUrl"] as const)),
    ...(clientId ? [] : (["clientId"] as const)),
    ...(clientSecret ? [] : (["clientSecret"] as const)),
  ];
  if (missing.length > 0 || !baseUrl || !clientId || !clientSecret)
    throw new MissingCredentialsError(
      missing.map((name) => ({
        name,
        config: `cxone:${name}`,
        env: ENV_NAMES[name],
      })),
    );
  return { baseUrl, clientId, clientSecret };
}

/** The shortest audit key accepted: an HMAC key should be hard to guess. */
export const MIN_AUDIT_KEY_LENGTH = 16;

function auditKey(value: string | undefined, source: string): string | undefined {
  if (value !== undefined && value.length < MIN_AUDIT_KEY_LENGTH)
    // The value is a secret: the message does not show it.
    throw new InvalidSettingError(
      source,
      "****",
      `must be at least ${MIN_AUDIT_KEY_LENGTH} characters (it has ${value.length})`,
    );
  return value;
}

/**
 * Where audit lines go, each setting taken from the first of: stack config `cxone:audit`, then
 * `cxone:auditDir`, then `CXONE_AUDIT`, then `CXONE_AUDIT_DIR`, else `.cxone-audit`; the key
 * from `cxone:auditKey`, else `CXONE_AUDIT_KEY`; the spool from `CXONE_AUDIT_SPOOL`, else
 * `.cxone-audit-spool`.
 */
export function auditSettings(settings: StackConfig, env: NodeJS.ProcessEnv): AuditSettings {
  const [source, location] = (
    [
      ["cxone:audit", settings.audit],
      ["cxone:auditDir", settings.auditDir],
      ["CXONE_AUDIT", env.CXONE_AUDIT],
      ["CXONE_AUDIT_DIR", env.CXONE_AUDIT_DIR],
    ] as const
  ).find(([, value]) => value !== undefined && value !== "") ?? ["default", DEFAULT_AUDIT_DIR];
  const key = settings.auditKey ?? auditKey(env.CXONE_AUDIT_KEY, "CXONE_AUDIT_KEY");
  return {
    location: location ?? DEFAULT_AUDIT_DIR,
    source,
    ...(key === undefined ? {} : { key }),
    spoolDir: env.CXONE_AUDIT_SPOOL ?? DEFAULT_SPOOL_DIR,
  };
}
