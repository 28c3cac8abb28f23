import type { ClientCredentials } from "../../cxone/oauth";
import { parseSendRateMode, type SendRateMode } from "../../cxone/send-rate-modes";
import { DEFAULT_AUDIT_DIR } from "../../audit/audit-log";
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
  readonly requestsPerSecond?: number | undefined;
  readonly rateMode?: SendRateMode | undefined;
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
  const mode = config.get("cxone:rateMode");
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
    requestsPerSecond: rps === undefined ? undefined : Number(rps),
    rateMode: mode === undefined ? undefined : parseSendRateMode("cxone:rateMode", mode),
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

/** The audit directory: stack config `cxone:auditDir`, else `CXONE_AUDIT_DIR`, else `.cxone-audit`. */
export function auditDirectory(settings: StackConfig, env: NodeJS.ProcessEnv): string {
  return settings.auditDir ?? env.CXONE_AUDIT_DIR ?? DEFAULT_AUDIT_DIR;
}
