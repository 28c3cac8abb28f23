import { isCxoneWebchatError, ProgramError } from "./base-error";

/**
 * A Pulumi program's stack config that cannot be used: a structured value that is missing,
 * null, or of the wrong shape, or a value the program refuses. The message names the key, what
 * it holds and what is expected.
 * Reported by the SDK as its message alone (see {@link ProgramError}).
 */
export class ProgramConfigError extends ProgramError {
  readonly kind = "ProgramConfigError";
  readonly family = "config";

  constructor(
    /** The full config key, such as `cxone-webchat-quickstart:authentication`. */
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** True for a {@link ProgramConfigError}, from any copy of this module. */
export function isProgramConfigError(error: unknown): error is ProgramConfigError {
  return isCxoneWebchatError(error) && error.kind === "ProgramConfigError";
}
