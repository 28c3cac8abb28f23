import { CxoneWebchatError } from "./base-error";

// Errors of what is kept: the stack's state, the secrets it holds only by reference, the audit
// trail, and the Pulumi engine that writes the state.

/**
 * Stored state this version of the package cannot read: written by a newer version, or not
 * this package's. Refresh and destroy of that resource need a version that reads it.
 */
export class StoredStateError extends CxoneWebchatError {
  readonly kind = "stored-state";

  constructor(
    /** The resource kind, such as `WebchatSecurityPolicy`. */
    readonly resource: string,
    message: string,
  ) {
    super(`stored ${resource} state ${message}`);
  }
}

/**
 * A hook needs a secret that the state holds only as a reference (see `dynamic/secret-refs.ts`),
 * and neither this run's program, the stack config nor the environment has its value.
 */
export class SecretUnavailableError extends CxoneWebchatError {
  readonly kind = "secret-unavailable";

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

/**
 * The audit sink could not be written or read: unreachable, refused, or so busy with other
 * writers that no sequence number was free. A deployment spools the line instead of failing.
 */
export class AuditSinkError extends CxoneWebchatError {
  readonly kind = "audit-sink";

  constructor(
    /** The sink's location, a directory or a URL. */
    readonly location: string,
    message: string,
    cause?: unknown,
  ) {
    super(`audit sink ${location}: ${message}`, { cause });
  }
}

/** The Pulumi engine that started this provider process is gone: nothing more may be written. */
export class EngineGoneError extends CxoneWebchatError {
  readonly kind = "engine-gone";

  constructor(readonly address: string) {
    super(
      `the Pulumi engine at ${address} is gone (the pulumi command was stopped), so no more ` +
        "writes are sent; see docs/recovery.md",
    );
  }
}
