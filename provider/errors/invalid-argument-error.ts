import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * A resource argument the program passed that cannot travel to the provider intact, found in
 * the program itself, before Pulumi serializes it (which would silently change it). The message
 * names the resource, the argument's path and the rule.
 *
 * Like `ProgramConfigError`, it carries the SDK's `RunError` brand and a stack with no frames,
 * so that the SDK reports the message alone, at once.
 */
export class InvalidArgumentError extends CxoneWebchatError {
  readonly kind = "InvalidArgumentError";
  readonly family = "input";
  /** The SDK's RunError brand: report the message, hide the stack. */
  readonly __pulumiRunError = true;

  constructor(
    /** The resource, such as `WebchatSecurityPolicy "support-chat"`. */
    readonly resource: string,
    problems: ReadonlyArray<{ readonly path: string; readonly reason: string }>,
  ) {
    const message = `${resource}: ${problems.map((p) => `${p.path}: ${p.reason}`).join("; ")}`;
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/** True for an {@link InvalidArgumentError}, from any copy of this module. */
export function isInvalidArgumentError(error: unknown): error is InvalidArgumentError {
  return isCxoneWebchatError(error) && error.kind === "InvalidArgumentError";
}
