import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";
import { describeClaim, stackOfClaim } from "../policy/ownership";

/**
 * A write refused because another stack, or another resource of this stack, manages the
 * widget's policy. Without it, two stacks declaring one widget would overwrite each other on
 * every up, each seeing the other's policy as drift.
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
  ) {
    const ownerStack = stackOfClaim(owner);
    const sameStack = ownerStack === stackOfClaim(claimant);
    super(
      `widget ${widgetId} is managed by ${describeClaim(owner)}, not by this resource, ` +
        `${describeClaim(claimant)}: ${sameStack ? "two resources" : "two stacks"} writing one ` +
        "widget's policy would overwrite each other on every up. " +
        (sameStack
          ? `If you renamed the resource, give it aliases: [{ name: ${JSON.stringify(owner.slice(ownerStack.length + 1))} }]; otherwise declare the widget once.`
          : `Remove the resource from one of the two stacks (pulumi destroy in ${JSON.stringify(ownerStack)} frees the widget), ` +
            `or, if that stack no longer exists, set takeOverFrom: ${JSON.stringify(ownerStack)} on this resource.`),
    );
  }
}

/** True for a {@link WidgetOwnershipError}, from any copy of this module. */
export function isWidgetOwnershipError(error: unknown): error is WidgetOwnershipError {
  return isCxoneWebchatError(error) && error.kind === "WidgetOwnershipError";
}
