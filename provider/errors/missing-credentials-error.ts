import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** Where one credential can be given. */
export interface CredentialSources {
  /** Its name, such as `clientSecret`. */
  readonly name: string;
  /** Its stack config key, such as `cxone:clientSecret`. */
  readonly config: string;
  /** Its environment variable, such as `CXONE_CLIENT_SECRET`. */
  readonly env: string;
}

/** No complete set of CXone credentials could be found. */
export class MissingCredentialsError extends CxoneWebchatError {
  readonly kind = "MissingCredentialsError";
  readonly family = "config";
  /** The names of the credentials that are missing. */
  readonly missing: readonly string[];

  constructor(sources: readonly CredentialSources[]) {
    const missing = sources.map((s) => s.name);
    super(
      `CXone credentials are incomplete: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. ` +
        `Set each one in any of three ways: stack config (${sources.map((s) => s.config).join(", ")}; ` +
        `use --secret for the secret), the environment (${sources.map((s) => s.env).join(", ")}), ` +
        `or the resource's connection argument (${missing.map((m) => `connection.${m}`).join(", ")}).`,
    );
    this.missing = missing;
  }
}

/** True for a {@link MissingCredentialsError}, from any copy of this module. */
export function isMissingCredentialsError(error: unknown): error is MissingCredentialsError {
  return isCxoneWebchatError(error) && error.kind === "MissingCredentialsError";
}
