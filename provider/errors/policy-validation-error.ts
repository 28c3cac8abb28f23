import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** One broken rule, at one place in the input. */
export interface Violation {
  /** Property path into the input, such as `rules[3].pattern` or `corsOrigins[1]`. */
  readonly path: string;
  /** Names the offending value and the rule it breaks. */
  readonly reason: string;
}

/** Raised when input fails validation; carries every violation, not just the first. */
export class PolicyValidationError extends CxoneWebchatError {
  readonly kind = "PolicyValidationError";
  readonly family = "input";

  constructor(readonly violations: readonly Violation[]) {
    super(
      `invalid webchat security policy (${violations.length} ${violations.length === 1 ? "problem" : "problems"}):\n` +
        violations.map((v) => `  ${v.path}: ${v.reason}`).join("\n"),
    );
  }
}

/** True for a {@link PolicyValidationError} from any copy of this module. */
export function isPolicyValidationError(error: unknown): error is PolicyValidationError {
  return isCxoneWebchatError(error) && error.kind === "PolicyValidationError";
}
