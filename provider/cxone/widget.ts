import { z } from "zod";

/**
 * A widget as CXone returns it. Only `id` and `settings` are checked; every other field is kept
 * as it came, because a PUT replaces the widget and anything this package dropped would be lost.
 */
export const widgetSchema = z.looseObject({
  id: z.string(),
  settings: z.looseObject({ securityPolicies: z.unknown().optional() }).optional(),
});

/** A widget body: JSON object with at least an id. */
export type Widget = Record<string, unknown> & { id: string };

/** A widget and the version it was read at. */
export interface WidgetSnapshot {
  readonly widget: Widget;
  /** Strong ETag of that version, quotes included. */
  readonly etag: string;
  readonly requestId: string | undefined;
}

/** The policy stored on a widget, or `undefined` when it has none. */
export function policyOf(widget: Widget): unknown {
  const settings = widget.settings;
  if (typeof settings !== "object" || settings === null) return undefined;
  const policy = (settings as Record<string, unknown>).securityPolicies;
  return policy === null ? undefined : policy;
}

/**
 * The field of `settings`, beside `securityPolicies`, that names who manages the policy, so that
 * a second stack declaring the same widget is refused instead of overwriting the first on every
 * up. It sits beside the policy rather than in it: the policy is exactly what was declared.
 */
export const MANAGED_BY_FIELD = "securityPoliciesManagedBy";

/** Who manages the widget's policy (see {@link MANAGED_BY_FIELD}), or `undefined`. */
export function managerOf(widget: Widget): string | undefined {
  const settings = widget.settings;
  if (typeof settings !== "object" || settings === null) return undefined;
  const manager = (settings as Record<string, unknown>)[MANAGED_BY_FIELD];
  return typeof manager === "string" ? manager : undefined;
}

/**
 * The field of `settings` in which a resource's first write keeps what the widget held before it
 * (see {@link Adoption}). It travels with the claim, in the same PUT, so it survives whatever
 * happens to the state: when an `up` dies after that write but before the engine recorded it, the
 * next `up` creates the resource again, finds its own claim, and reads here what to give back on
 * `destroy`, instead of taking the policy its own lost write left as the widget's.
 */
export const ADOPTED_FIELD = "securityPoliciesAdopted";

/** What a widget held before a resource adopted it: the policy and the claim, each if any. */
export interface Adoption {
  readonly securityPolicies?: unknown;
  readonly [MANAGED_BY_FIELD]?: string;
}

/** The {@link Adoption} recorded on the widget (see {@link ADOPTED_FIELD}), or `undefined`. */
export function adoptionOf(widget: Widget): Adoption | undefined {
  const settings = widget.settings;
  if (typeof settings !== "object" || settings === null) return undefined;
  const adopted = (settings as Record<string, unknown>)[ADOPTED_FIELD];
  if (typeof adopted !== "object" || adopted === null || Array.isArray(adopted)) return undefined;
  const { securityPolicies, [MANAGED_BY_FIELD]: manager } = adopted as Record<string, unknown>;
  return {
    ...(securityPolicies === undefined || securityPolicies === null ? {} : { securityPolicies }),
    ...(typeof manager === "string" ? { [MANAGED_BY_FIELD]: manager } : {}),
  };
}

/**
 * Pure decision: what `widget` held before `claim` adopted it. A widget that carries `claim` and
 * an {@link Adoption} was adopted by an earlier write of the same resource, whose result may never
 * have been recorded: its record is the answer. Otherwise the widget's own policy and claim are.
 */
export function heldBefore(widget: Widget, claim: string | undefined): Adoption {
  const recorded = adoptionOf(widget);
  if (claim !== undefined && managerOf(widget) === claim && recorded !== undefined) return recorded;
  return holdingOf(widget);
}

/** The policy and claim the widget carries now, as an {@link Adoption} would record them. */
function holdingOf(widget: Widget): Adoption {
  const policy = policyOf(widget);
  const manager = managerOf(widget);
  return {
    ...(policy === undefined ? {} : { securityPolicies: policy }),
    ...(manager === undefined ? {} : { [MANAGED_BY_FIELD]: manager }),
  };
}

/** How a write treats the {@link ADOPTED_FIELD}. */
export type AdoptionChange =
  /** Record what the widget held, when the write puts a claim on it that it did not carry. */
  | "record"
  /** Set it to this record, or remove it (null). */
  | Adoption
  | null;

/**
 * Returns a copy of `widget` whose `settings.securityPolicies` is `policy`, or without it when
 * `policy` is `undefined`. With `managedBy`, the {@link MANAGED_BY_FIELD} is set to it, or
 * removed when it is null; without it, that field stays as it was; `adoption` does the same for
 * the {@link ADOPTED_FIELD} (see {@link AdoptionChange}). Every other field, and the order of
 * keys, stays as it was, so that a read-modify-write changes the policy and nothing else.
 */
export function withPolicy(
  widget: Widget,
  policy: unknown,
  managedBy?: string | null,
  adoption?: AdoptionChange,
): Widget {
  const settings =
    typeof widget.settings === "object" && widget.settings !== null
      ? (widget.settings as Record<string, unknown>)
      : {};
  const nextSettings: Record<string, unknown> = { ...settings };
  if (adoption === "record") {
    if (typeof managedBy === "string" && managerOf(widget) !== managedBy)
      nextSettings[ADOPTED_FIELD] = holdingOf(widget);
  } else if (adoption === null) delete nextSettings[ADOPTED_FIELD];
  else if (adoption !== undefined) nextSettings[ADOPTED_FIELD] = adoption;
  if (policy === undefined) delete nextSettings.securityPolicies;
  else nextSettings.securityPolicies = policy;
  if (managedBy === null) delete nextSettings[MANAGED_BY_FIELD];
  else if (managedBy !== undefined) nextSettings[MANAGED_BY_FIELD] = managedBy;
  return { ...widget, settings: nextSettings };
}
