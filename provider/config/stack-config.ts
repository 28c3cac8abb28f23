import { DEFAULT_AUDIT_DIR } from "../audit/audit-log";
import { parsePacingMode, type PacingMode } from "../pacing/pacing-modes";
import { DEFAULT_SPOOL_DIR } from "../audit/audit-spool";
import type { AuditSettings } from "../audit/audit-trail";
import { InvalidSettingError } from "../errors/input-errors";
import { publicUrl, trimBaseUrl } from "../http/secure-url";
import {
  baseUrlProblem,
  parseTenantSettings,
  TENANT_ID_PATTERN,
  TENANT_SETTING_KEYS,
  type TenantSettings,
} from "./tenant-settings";

/** What the provider reads from `cxone:*` stack config in `configure`; every key is optional. */
export interface StackConfig extends TenantSettings {
  /** Where API discovery is asked, for `tenantId` without `baseUrl`. */
  readonly discoveryUrl?: string | undefined;
  readonly auditDir?: string | undefined;
  /** Where audit lines go: a directory or an `s3://` URL; wins over `auditDir`. */
  readonly audit?: string | undefined;
  /** The HMAC key that signs every audit line (a secret). */
  readonly auditKey?: string | undefined;
  /** The tenant's rate limit. */
  readonly requestsPerSecond?: number | undefined;
  /** How this process paces its requests to the tenant (see `PACING_MODES`). */
  readonly pacingMode?: PacingMode | undefined;
  /**
   * Settings of other tenants, keyed by tenant id or base URL: the credentials for resources
   * whose state records another tenant than the stack's own (see `connectionFor`).
   */
  readonly tenants?: Readonly<Record<string, TenantSettings>> | undefined;
}

/** The highest rate a setting may ask for: far above any tenant's, and finite. */
export const MAX_REQUESTS_PER_SECOND = 1000;

/**
 * Reads the `cxone:*` stack config keys through the dynamic provider's config object, checking
 * each. Throws {@link InvalidSettingError} for the first key that cannot be used, naming it, its
 * value (never a secret's) and the rule.
 */
export function readStackConfig(config: { get(key: string): string | undefined }): StackConfig {
  const tenant: Record<string, string> = {};
  for (const key of TENANT_SETTING_KEYS) {
    const value = config.get(`cxone:${key}`);
    if (value !== undefined) tenant[key] = value;
  }
  const parsed = parseTenantSettings(tenant);
  if (!parsed.ok) {
    const [first] = parsed.problems;
    throw new InvalidSettingError(
      `cxone:${first?.key ?? ""}`,
      first?.value,
      first?.requirement ?? "",
    );
  }
  return {
    ...parsed.settings,
    discoveryUrl: discoveryUrlOf(config.get("cxone:discoveryUrl"), "cxone:discoveryUrl"),
    auditDir: config.get("cxone:auditDir"),
    audit: config.get("cxone:audit"),
    auditKey: auditKey(config.get("cxone:auditKey"), "cxone:auditKey"),
    requestsPerSecond: requestsPerSecondOf(config.get("cxone:requestsPerSecond")),
    pacingMode: pacingModeOf(config.get("cxone:rateMode")),
    tenants: tenantsOf(config.get("cxone:tenants")),
  };
}

function requestsPerSecondOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (
    text.trim() === "" ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_REQUESTS_PER_SECOND
  )
    throw new InvalidSettingError(
      "cxone:requestsPerSecond",
      text,
      `must be a number of requests per second greater than 0 and at most ${MAX_REQUESTS_PER_SECOND}`,
    );
  return value;
}

function pacingModeOf(text: string | undefined): PacingMode | undefined {
  return text === undefined ? undefined : parsePacingMode("cxone:rateMode", text);
}

/** A discovery URL from config or the environment, checked like a base URL. */
export function discoveryUrlOf(text: string | undefined, source: string): string | undefined {
  if (text === undefined) return undefined;
  const problem = baseUrlProblem(text);
  if (problem !== undefined) throw new InvalidSettingError(source, publicUrl(text), problem);
  return trimBaseUrl(text);
}

/** `cxone:tenants`: an object whose keys are tenant ids or base URLs, each with its settings. */
function tenantsOf(text: string | undefined): StackConfig["tenants"] {
  if (text === undefined) return undefined;
  const example = `{"https://api-b.example.com": {"clientId": "...", "clientSecret": "..."}}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidSettingError(
      "cxone:tenants",
      undefined,
      `must be an object keyed by tenant id or base URL, for example ${example}`,
    );
  const tenants: Record<string, TenantSettings> = {};
  for (const [key, settings] of Object.entries(value)) {
    const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(key);
    const problem = isUrl
      ? baseUrlProblem(key)
      : TENANT_ID_PATTERN.test(key)
        ? undefined
        : "is neither a tenant id nor a base URL";
    if (problem !== undefined)
      throw new InvalidSettingError(`cxone:tenants`, publicUrl(key), `(a key) ${problem}`);
    const parsed = parseTenantSettings(settings);
    if (!parsed.ok) {
      const [first] = parsed.problems;
      throw new InvalidSettingError(
        `cxone:tenants[${JSON.stringify(key)}]${first?.key ? `.${first.key}` : ""}`,
        first?.value,
        first?.requirement ?? "",
      );
    }
    tenants[isUrl ? trimBaseUrl(key) : key] = parsed.settings;
  }
  return tenants;
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
