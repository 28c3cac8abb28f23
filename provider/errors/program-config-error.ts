import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * A Pulumi program's stack config that cannot be used: a structured value that is missing,
 * null, or of the wrong shape, or a value the program refuses. The message names the key, what
 * it holds and what is expected.
 *
 * It is branded as the SDK's `RunError`, which the SDK reports as its message alone, without a
 * stack trace. Its `stack` is that message too, with no frames, for a reason of speed: the SDK
 * also renders every uncaught error with `util.inspect(err, { colors: true })`, and on Node 20
 * that call runs away on the SDK's own source-mapped frames (lines such as
 * `node_modules/@pulumi/config.ts:301:19`), building a string until V8 refuses it. That cost
 * 20 s and 18 s of CPU per failed preview; with no frames it costs nothing.
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
