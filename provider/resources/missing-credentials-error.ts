import { CxoneWebchatError, isCxoneWebchatError } from "../errors/base-error";

/** No complete set of CXone credentials could be found. */
export class MissingCredentialsError extends CxoneWebchatError {
  readonly kind = "MissingCredentialsError";

  constructor(readonly missing: readonly string[]) {
    super(
      `CXone credentials are incomplete: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. ` +
        `Set each one in any of three ways: stack config (${missing.map((m) => `cxone:${m}`).join(", ")}; ` +
        `use --secret for the secret), the environment (${missing.map((m) => ENV_NAMES[m]).join(", ")}), ` +
        `or the resource's connection argument (${missing.map((m) => `connection.${m}`).join(", ")}).`,
    );
  }
}

/** The environment variable of each credential. */
export const ENV_NAMES: Readonly<Record<string, string>> = {
  baseUrl: "CXONE_BASE_URL",
  clientId: "CXONE_CLIENT_ID",
  clientSecret: "CXONE_CLIENT_SECRET",
};

/** True for a {@link MissingCredentialsError}, from any copy of this module. */
export function isMissingCredentialsError(error: unknown): error is MissingCredentialsError {
  return isCxoneWebchatError(error) && error.kind === "MissingCredentialsError";
}
