import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * A hook needs a secret that the state holds only as a reference (see `dynamic/secret-refs.ts`),
 * and neither this run's program, the stack config nor the environment has its value.
 */
export class SecretUnavailableError extends CxoneWebchatError {
  readonly kind = "SecretUnavailableError";
  readonly family = "config";

  /**
   * @param what the secret, such as `the signing secret of the WafWebhook for widget wc-1`
   * @param hint where the user normally keeps it, such as `pulumi config set --secret wafSigningSecret <value>`
   */
  constructor(what: string, hint: string) {
    super(
      `${what} is needed, and the state keeps only its fingerprint (so that no export, state file or log shows it); ` +
        `no stack config value or environment variable of this run has it. Give it to this run, for example: ${hint}`,
    );
  }
}

/** True for a {@link SecretUnavailableError}, from any copy of this module. */
export function isSecretUnavailableError(error: unknown): error is SecretUnavailableError {
  return isCxoneWebchatError(error) && error.kind === "SecretUnavailableError";
}
