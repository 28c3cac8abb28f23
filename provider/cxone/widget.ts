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
 * Returns a copy of `widget` whose `settings.securityPolicies` is `policy`, or without it when
 * `policy` is `undefined`. With `managedBy`, the {@link MANAGED_BY_FIELD} is set to it, or
 * removed when it is null; without it, that field stays as it was. Every other field, and the
 * order of keys, stays as it was, so that a read-modify-write changes the policy and nothing else.
 */
export function withPolicy(widget: Widget, policy: unknown, managedBy?: string | null): Widget {
  const settings =
    typeof widget.settings === "object" && widget.settings !== null
      ? (widget.settings as Record<string, unknown>)
      : {};
  const nextSettings: Record<string, unknown> = { ...settings };
  if (policy === undefined) delete nextSettings.securityPolicies;
  else nextSettings.securityPolicies = policy;
  if (managedBy === null) delete nextSettings[MANAGED_BY_FIELD];
  else if (managedBy !== undefined) nextSettings[MANAGED_BY_FIELD] = managedBy;
  return { ...widget, settings: nextSettings };
}
