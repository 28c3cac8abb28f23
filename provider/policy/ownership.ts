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
