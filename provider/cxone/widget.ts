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
 * Returns a copy of `widget` whose `settings.securityPolicies` is `policy`, or without it when
 * `policy` is `undefined`. Every other field, and the order of keys, stays as it was, so that a
 * read-modify-write changes the policy and nothing else.
 */
export function withPolicy(widget: Widget, policy: unknown): Widget {
  const settings =
    typeof widget.settings === "object" && widget.settings !== null
      ? (widget.settings as Record<string, unknown>)
      : {};
  const nextSettings: Record<string, unknown> = { ...settings };
  if (policy === undefined) delete nextSettings.securityPolicies;
  else nextSettings.securityPolicies = policy;
  return { ...widget, settings: nextSettings };
}
