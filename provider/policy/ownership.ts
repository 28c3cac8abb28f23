import { WidgetOwnershipError } from "../errors/api-errors";

/**
 * Who manages a widget's policy. Each WebchatSecurityPolicy claims its widget with
 * `<project>/<stack>/<resource name>`, written beside the policy on every write (see
 * `MANAGED_BY_FIELD`). Project and stack names cannot contain "/", so the first two separate
 * the parts and a resource name may contain more.
 */

/** The claim of resource `name` in `project`/`stack`. */
export function managedByClaim(project: string, stack: string, name: string): string {
  return `${project}/${stack}/${name}`;
}

/** The `<project>/<stack>` part of a claim. */
export function stackOfClaim(claim: string): string {
  const [project = "", stack = ""] = claim.split("/", 2);
  return `${project}/${stack}`;
}

/** The resource name part of a claim. */
export function resourceOfClaim(claim: string): string {
  return claim.slice(stackOfClaim(claim).length + 1);
}

/** A claim for messages: `stack "proj/dev" (resource "support-chat")`. */
export function describeClaim(claim: string): string {
  const stack = stackOfClaim(claim);
  return `stack ${JSON.stringify(stack)} (resource ${JSON.stringify(claim.slice(stack.length + 1))})`;
}

/** What a resource may do with a widget, given the claim found on it. */
export type Ownership = "ours" | "unclaimed" | "take-over" | "another";

/**
 * Pure decision: a widget is ours when it carries our claim, free when it carries none, taken
 * over when its claim is from the stack `takeOverFrom` names (the user said so, for a stack
 * that is gone), and another's otherwise.
 */
export function ownership(
  found: string | undefined,
  ours: string,
  takeOverFrom?: string,
): Ownership {
  if (found === undefined) return "unclaimed";
  if (found === ours) return "ours";
  if (takeOverFrom !== undefined && stackOfClaim(found) === takeOverFrom) return "take-over";
  return "another";
}

/**
 * Why the resource whose claim is `wanted` may not write a widget that carries the claim
 * `found`, and what to do: the message of a `WidgetOwnershipError`.
 */
export function ownershipConflict(widgetId: string, found: string, wanted: string): string {
  const claimingStack = stackOfClaim(found);
  const sameStack = claimingStack === stackOfClaim(wanted);
  return (
    `widget ${widgetId} is managed by ${describeClaim(found)}, not by this resource, ` +
    `${describeClaim(wanted)}: ${sameStack ? "two resources" : "two stacks"} writing one ` +
    "widget's policy would overwrite each other on every up. " +
    (sameStack
      ? `If you renamed the resource, give it aliases: [{ name: ${JSON.stringify(resourceOfClaim(found))} }]; otherwise declare the widget once.`
      : `Remove the resource from one of the two stacks (pulumi destroy in ${JSON.stringify(claimingStack)} frees the widget), ` +
        `or, if that stack no longer exists, set takeOverFrom: ${JSON.stringify(claimingStack)} on this resource.`)
  );
}

/** What a write needs to keep a claim: the claim to put on the widget, and its check. */
export interface ClaimGuard {
  readonly managedBy?: string;
  /** Throws {@link WidgetOwnershipError} when the widget carries another resource's claim. */
  readonly precondition?: (widget: { readonly claim: string | undefined }) => void;
}

/**
 * The write options that put a resource's claim on its widget and refuse the write when the
 * widget carries another's claim, checked on every version the write is based on, so that two
 * stacks racing through 412s cannot both win. State written before claims existed has none:
 * such a resource writes no claim and checks none until its next update.
 */
export function claimGuard(resource: {
  readonly widgetId: string;
  readonly managedBy?: string | undefined;
  readonly takeOverFrom?: string | undefined;
}): ClaimGuard {
  const ours = resource.managedBy;
  if (ours === undefined) return {};
  return {
    managedBy: ours,
    precondition: (widget) => {
      const found = widget.claim;
      if (found !== undefined && ownership(found, ours, resource.takeOverFrom) === "another")
        throw new WidgetOwnershipError(
          resource.widgetId,
          found,
          ours,
          ownershipConflict(resource.widgetId, found, ours),
        );
    },
  };
}
