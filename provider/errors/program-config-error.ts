import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * A Pulumi program's stack config that cannot be used: a structured value that is missing,
 * null, or of the wrong shape, or a value the program refuses. The message names the key, what
 * it holds and what is expected.
 *
 * It carries the SDK's `RunError` brand (reported as its message alone) and a stack with no
 * frames: on Node 20 the SDK's `util.inspect` of source-mapped frames runs for many seconds.
 */
export class ProgramConfigError extends CxoneWebchatError {
  readonly kind = "ProgramConfigError";
  readonly family = "config";
  /** The SDK's RunError brand: report the message, hide the stack. */
  readonly __pulumiRunError = true;

  constructor(
    /** The full config key, such as `cxone-webchat-quickstart:authentication`. */
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** True for a {@link ProgramConfigError}, from any copy of this module. */
export function isProgramConfigError(error: unknown): error is ProgramConfigError {
  return isCxoneWebchatError(error) && error.kind === "ProgramConfigError";
}
