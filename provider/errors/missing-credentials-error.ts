import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * One missing piece of a tenant's connection: a setting, or a choice of settings any of which
 * would do (a base URL or a tenant id), each with the three places it can be given.
 */
export interface MissingSetting {
  /** What is missing, in words, such as `clientSecret` or `baseUrl or tenantId`. */
  readonly what: string;
  /** Its stack config keys, such as `cxone:clientSecret`. */
  readonly config: readonly string[];
  /** Its environment variables, such as `CXONE_CLIENT_SECRET`. */
  readonly env: readonly string[];
  /** Its keys in a resource's `connection`, such as `connection.clientSecret`. */
  readonly connection: readonly string[];
}

/** No complete set of CXone connection settings could be found. */
export class MissingCredentialsError extends CxoneWebchatError {
  readonly kind = "MissingCredentialsError";
  readonly family = "config";
  /** What is missing, in words. */
  readonly missing: readonly string[];

  constructor(missing: readonly MissingSetting[], hint = "") {
    const whats = missing.map((m) => m.what);
    const all = (pick: (m: MissingSetting) => readonly string[]) =>
      missing.map((m) => pick(m).join(" or ")).join(", ");
    super(
      `CXone connection settings are incomplete: ${whats.join("; ")} ${whats.length === 1 ? "is" : "are"} not set. ` +
        `Set each in any of three ways: stack config (${all((m) => m.config)}; use --secret for secrets), ` +
        `the environment (${all((m) => m.env)}), or the resource's connection argument (${all((m) => m.connection)}).` +
        (hint === "" ? "" : ` ${hint}`),
    );
    this.missing = whats;
  }
}

/** True for a {@link MissingCredentialsError}, from any copy of this module. */
export function isMissingCredentialsError(error: unknown): error is MissingCredentialsError {
  return isCxoneWebchatError(error) && error.kind === "MissingCredentialsError";
}
