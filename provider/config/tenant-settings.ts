import { z } from "zod";
import {
  CREDENTIAL_FIELDS,
  SECRET_FIELDS,
  type CredentialField,
} from "../cxone/auth/credential-kinds";
import { publicUrl, secureUrlProblem, trimBaseUrl } from "../http/secure-url";
import { unsafeTextProblem } from "../policy/unsafe-text";

/**
 * How one CXone tenant is reached: where it is and the credentials of one of the kinds in
 * `cxone/auth/credential-kinds.ts`. The same fields make up a resource's `connection`, each entry
 * of `cxone:tenants`, and the `cxone:*` keys of stack config.
 */

/** The settings that say where a tenant is. */
export const LOCATION_KEYS = ["baseUrl", "tenantId", "authUrl"] as const;

/** Every tenant setting: where the tenant is, then the credentials of every kind. */
export const TENANT_SETTING_KEYS: readonly TenantSettingKey[] = [
  ...LOCATION_KEYS,
  ...CREDENTIAL_FIELDS,
];

/** One of {@link TENANT_SETTING_KEYS}. */
export type TenantSettingKey = (typeof LOCATION_KEYS)[number] | CredentialField;

/** The environment variable of a setting, the last place it is looked for: `CXONE_<NAME>`. */
export function envNameOf(key: string): string {
  return `CXONE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** True for a setting whose value is a secret: never shown, never stored in plaintext. */
export function isSecretSetting(key: string): boolean {
  return SECRET_FIELDS.has(key);
}

/** Longest value of any tenant setting: ids, keys and URLs are far shorter. */
export const MAX_SETTING_LENGTH = 2048;

/** CXone tenant ids are GUIDs or short names; nothing else belongs in the discovery query. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Why a tenant base URL is refused, or undefined: credentials or tokens travel to it. */
export function baseUrlProblem(text: string): string | undefined {
  return secureUrlProblem(text, "every credential and token");
}

/**
 * A setting's value: a non-empty string of bounded length, without NUL or lone surrogates (which
 * no HTTP header or JSON body carries intact). Messages state the requirement only: the caller names
 * the setting and shows the value, unless it is a secret.
 */
const settingString = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .max(MAX_SETTING_LENGTH, { error: `must be at most ${MAX_SETTING_LENGTH} characters` })
  .refine((text) => unsafeTextProblem(text) === undefined, {
    error: "must not contain NUL or an unpaired surrogate character",
  });

/** A URL setting: https (or loopback http), kept without trailing slashes. */
const urlSetting = settingString
  .superRefine((url, ctx) => {
    const problem = baseUrlProblem(url);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(trimBaseUrl);

const shape = {
  baseUrl: urlSetting.optional(),
  tenantId: settingString
    .regex(TENANT_ID_PATTERN, {
      error:
        "must be 1 to 128 letters, digits, _, . and -, starting with a letter or digit (a CXone tenant id)",
    })
    .optional(),
  authUrl: urlSetting.optional(),
  ...(Object.fromEntries(
    CREDENTIAL_FIELDS.map((field) => [field, settingString.optional()]),
  ) as Record<CredentialField, z.ZodOptional<typeof settingString>>),
};

/**
 * The settings of one tenant, each optional: `baseUrl` (https, since credentials are sent to
 * it; without trailing slashes, the one form in which tenants are compared) or `tenantId` for
 * discovery, `authUrl` where tokens come from if not the default, and credentials.
 */
export const tenantSettingsSchema = z.strictObject(shape, {
  error: (issue) =>
    issue.code === "unrecognized_keys"
      ? `has unknown keys ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; it takes ${TENANT_SETTING_KEYS.join(", ")}`
      : `must be an object with any of ${TENANT_SETTING_KEYS.join(", ")}`,
});

/** See {@link tenantSettingsSchema}. */
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** A setting that cannot be used: which, its value (undefined when secret or absent), the requirement it breaks. */
export interface SettingProblem {
  readonly key: string;
  /** The value as given, as text; undefined for a secret, whose value is never shown. */
  readonly value: string | undefined;
  readonly requirement: string;
}

/**
 * Parses one tenant's settings, or lists what is wrong with them, each problem naming its key,
 * its value unless it is a secret, and the requirement it breaks.
 */
export function parseTenantSettings(
  input: unknown,
): { ok: true; settings: TenantSettings } | { ok: false; problems: SettingProblem[] } {
  const parsed = tenantSettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const problems = parsed.error.issues.map((issue): SettingProblem => {
    const key = typeof issue.path[0] === "string" ? issue.path[0] : "";
    const raw =
      key !== "" && typeof input === "object" && input !== null
        ? (input as Record<string, unknown>)[key]
        : undefined;
    const value =
      isSecretSetting(key) || raw === undefined
        ? undefined
        : typeof raw === "string"
          ? publicUrl(raw, { keepQuery: true })
          : JSON.stringify(raw);
    return { key, value, requirement: issue.message };
  });
  return { ok: false, problems };
}
