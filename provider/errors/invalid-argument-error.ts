import { isCxoneWebchatError, ProgramError } from "./base-error";

/**
 * A resource argument the program passed that cannot travel to the provider intact, found in
 * the program itself, before Pulumi serializes it (which would silently change it). The message
 * names the resource, the argument's path and the rule.
 * Reported by the SDK as its message alone, at once (see {@link ProgramError}).
 */
export class InvalidArgumentError extends ProgramError {
  readonly kind = "InvalidArgumentError";
  readonly family = "input";

  constructor(
    /** The resource, such as `WebchatSecurityPolicy "support-chat"`. */
    readonly resource: string,
    problems: ReadonlyArray<{ readonly path: string; readonly reason: string }>,
  ) {
    super(`${resource}: ${problems.map((p) => `${p.path}: ${p.reason}`).join("; ")}`);
  }
}

/** True for an {@link InvalidArgumentError}, from any copy of this module. */
export function isInvalidArgumentError(error: unknown): error is InvalidArgumentError {
  return isCxoneWebchatError(error) && error.kind === "InvalidArgumentError";
}
