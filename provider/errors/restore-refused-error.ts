import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * `destroy` could not give a widget back the policy it had before the stack adopted it: the
 * tenant refuses that policy now (it answered 422, for example after its rules tightened).
 * Retrying cannot help; the message names the ways out, none of which loses the policy.
 */
export class RestoreRefusedError extends CxoneWebchatError {
  readonly kind = "RestoreRefusedError";
  readonly family = "api";

  /**
   * @param widgetId the widget being destroyed
   * @param cause the tenant's refusal, whose message names its field errors
   */
  constructor(
    readonly widgetId: string,
    cause: Error,
  ) {
    super(
      `restoring the policy widget ${widgetId} had before this stack adopted it was refused: ${cause.message}. ` +
        "The tenant no longer accepts that policy, so every destroy would fail the same way; nothing was changed. Either: " +
        `(1) set onDelete: "clear" on this resource, run pulumi up, then pulumi destroy: the widget is left with no policy, ` +
        "and the audit line of that destroy keeps the refused policy's exact JSON (discardedPolicyJson), so it is not lost; or " +
        "(2) keep a copy with pulumi stack export > before-destroy.json (the refused policy is its previousPolicyJson), then " +
        "remove the resource from the state with pulumi state delete <its URN> (pulumi stack --show-urns lists it): " +
        "the widget keeps this stack's policy and claim.",
      { cause },
    );
  }
}

/** True for a {@link RestoreRefusedError}, from any copy of this module. */
export function isRestoreRefusedError(error: unknown): error is RestoreRefusedError {
  return isCxoneWebchatError(error) && error.kind === "RestoreRefusedError";
}
