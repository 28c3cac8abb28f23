import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * A write refused because another stack, or another resource of this stack, manages the
 * widget's policy. Without it, two stacks declaring one widget would overwrite each other on
 * every up, each seeing the other's policy as drift. The message comes from the ownership rules
 * (`ownershipConflict` in `policy/ownership.ts`), which know what a claim means.
 */
export class WidgetOwnershipError extends CxoneWebchatError {
  readonly kind = "WidgetOwnershipError";
  readonly family = "ownership";

  constructor(
    readonly widgetId: string,
    /** The claim found on the widget. */
    readonly owner: string,
    /** The claim of the resource that was refused. */
    readonly claimant: string,
    message: string,
  ) {
    super(message);
  }
}

/** True for a {@link WidgetOwnershipError}, from any copy of this module. */
export function isWidgetOwnershipError(error: unknown): error is WidgetOwnershipError {
  return isCxoneWebchatError(error) && error.kind === "WidgetOwnershipError";
}
