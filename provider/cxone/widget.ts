import { z } from "zod";

/**
 * A widget as CXone returns it. Only `id` and `settings` are checked; every other field is kept
 * as it came, because a PUT replaces the widget and anything this package dropped would be lost.
 */
export const widgetSchema = z.looseObject({
  id: z.string(),
  settings: z.looseObject({ securityPolicies: z.unknown().optional() }).nullish(),
});

/** A widget body: JSON object with at least an id. */
export type Widget = Record<string, unknown> & { id: string };

/** A widget, parsed, and the version it was read at. */
export interface WidgetSnapshot {
  readonly widget: WidgetDocument;
  /** Strong ETag of that version, quotes included. */
  readonly etag: string;
  readonly requestId: string | undefined;
}

/** The field of `settings` that holds the policy. */
export const POLICY_FIELD = "securityPolicies";

/**
 * The field of `settings`, beside `securityPolicies`, that names who manages the policy, so that
 * a second stack declaring the same widget is refused instead of overwriting the first on every
 * up. It sits beside the policy rather than in it: the policy is exactly what was declared.
 */
export const MANAGED_BY_FIELD = "securityPoliciesManagedBy";

/**
 * The field of `settings` in which a resource's first write keeps what the widget held before it
 * (see {@link Adoption}). It travels with the claim, in the same PUT, so it survives whatever
 * happens to the state: when an `up` dies after that write but before the engine recorded it, the
 * next `up` creates the resource again, finds its own claim, and reads here what to give back on
 * `destroy`, instead of taking the policy its own lost write left as the widget's.
 */
export const ADOPTED_FIELD = "securityPoliciesAdopted";

/**
 * What a widget held before a resource adopted it, exactly enough to give it back byte for
 * byte: the policy field (its raw value, `null` included, when it was present), the claim, and
 * the keys of `settings` in their order (`null` when the widget had no `settings`; absent in
 * records written before this was kept).
 */
export interface Adoption {
  readonly securityPolicies?: unknown;
  readonly [MANAGED_BY_FIELD]?: string;
  readonly settingsKeys?: readonly string[] | null;
  /** Set when the widget's `settings` was JSON `null`, rather than absent. */
  readonly settingsNull?: true;
}

/** A widget parsed once: what this package reads of it, beside the raw document. */
export interface WidgetDocument {
  readonly raw: Widget;
  /** `settings`, when it is an object. */
  readonly settings: Readonly<Record<string, unknown>> | undefined;
  /** The policy, or `undefined` when the widget has none (the field absent, or null). */
  readonly policy: unknown;
  /** The claim on the policy (see {@link MANAGED_BY_FIELD}), or `undefined`. */
  readonly claim: string | undefined;
  /** The record of what the widget held before its adoption (see {@link ADOPTED_FIELD}). */
  readonly adoption: Adoption | undefined;
  /** What the widget holds now, as an {@link Adoption} would record it. */
  readonly presentRecord: Adoption;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads an adoption record; anything that is not one reads as none. Fields it does not know are dropped. */
function readAdoption(value: unknown): Adoption | undefined {
  if (!isObject(value)) return undefined;
  const keys = value.settingsKeys;
  const claim = value[MANAGED_BY_FIELD];
  return {
    ...(POLICY_FIELD in value ? { securityPolicies: value[POLICY_FIELD] } : {}),
    ...(typeof claim === "string" ? { [MANAGED_BY_FIELD]: claim } : {}),
    ...(keys === null || (Array.isArray(keys) && keys.every((k) => typeof k === "string"))
      ? { settingsKeys: keys as readonly string[] | null }
      : {}),
    ...(value.settingsNull === true ? { settingsNull: true as const } : {}),
  };
}

/** Parses what this package reads of a widget, once, at the boundary where it arrives. */
export function readWidget(raw: Widget): WidgetDocument {
  const settings = isObject(raw.settings) ? raw.settings : undefined;
  const field = settings?.[POLICY_FIELD];
  const claim = settings?.[MANAGED_BY_FIELD];
  const presentRecord: Adoption = {
    ...(settings !== undefined && POLICY_FIELD in settings ? { securityPolicies: field } : {}),
    ...(typeof claim === "string" ? { [MANAGED_BY_FIELD]: claim } : {}),
    settingsKeys: settings === undefined ? null : Object.keys(settings),
    ...(raw.settings === null ? { settingsNull: true as const } : {}),
  };
  return {
    raw,
    settings,
    policy: field === null ? undefined : field,
    claim: typeof claim === "string" ? claim : undefined,
    adoption: readAdoption(settings?.[ADOPTED_FIELD]),
    presentRecord,
  };
}

/**
 * Pure decision: what the widget held before `claim` adopted it. A widget that carries `claim`
 * and an {@link Adoption} was adopted by an earlier write of the same resource, whose result may
 * never have been recorded: its record is the answer. Otherwise what the widget holds now is.
 */
export function adoptionOf(widget: WidgetDocument, claim: string | undefined): Adoption {
  if (claim !== undefined && widget.claim === claim && widget.adoption !== undefined)
    return widget.adoption;
  return widget.presentRecord;
}

/** The policy an {@link Adoption} says the widget had, `undefined` for none (absent or null). */
export function adoptedPolicy(adoption: Adoption): unknown {
  return adoption.securityPolicies === null ? undefined : adoption.securityPolicies;
}

/** How a write treats the {@link ADOPTED_FIELD}. */
export type AdoptionChange =
  /** Record what the widget held, when the write puts a claim on it that it did not carry. */
  | "record"
  /** Set it to this record, or remove it (null). */
  | Adoption
  | null;

/** What a write sets; each part left as it was when undefined. */
export interface PolicyChange {
  /** The policy field's new value; `undefined` removes the field (`null` is kept as a value). */
  readonly policy: unknown;
  /** The claim; null removes it. @default left as it is */
  readonly managedBy?: string | null | undefined;
  /** See {@link AdoptionChange}. @default left as it is */
  readonly adoption?: AdoptionChange | undefined;
  /**
   * The order of `settings` to give back (an {@link Adoption}'s `settingsKeys`): keys in this
   * order first, others after; with null, a `settings` left empty is removed, as the widget had
   * none. @default the order is left as it is
   */
  readonly settingsKeys?: readonly string[] | null | undefined;
  /**
   * With `settingsKeys` null, give `settings` back as JSON `null` (what the widget had) rather than
   * removing it. @default false
   */
  readonly settingsNull?: boolean | undefined;
}

/**
 * Returns a copy of the widget with its policy field, claim and adoption record changed as
 * `change` says. Every other field, and the order of keys, stays as it was (or as `settingsKeys` gives
 * it back), so that a read-modify-write changes the policy and nothing else.
 */
export function withPolicy(widget: WidgetDocument, change: PolicyChange): Widget {
  const next: Record<string, unknown> = { ...widget.settings };
  const { policy, managedBy, adoption, settingsKeys, settingsNull } = change;
  if (adoption === "record") {
    if (typeof managedBy === "string" && widget.claim !== managedBy)
      next[ADOPTED_FIELD] = widget.presentRecord;
  } else if (adoption === null) delete next[ADOPTED_FIELD];
  else if (adoption !== undefined) next[ADOPTED_FIELD] = adoption;
  if (policy === undefined) delete next[POLICY_FIELD];
  else next[POLICY_FIELD] = policy;
  if (managedBy === null) delete next[MANAGED_BY_FIELD];
  else if (managedBy !== undefined) next[MANAGED_BY_FIELD] = managedBy;
  if (settingsKeys === null && Object.keys(next).length === 0) {
    if (settingsNull === true) return { ...widget.raw, settings: null };
    const { settings: _dropped, ...rest } = widget.raw;
    return rest as Widget;
  }
  return { ...widget.raw, settings: settingsKeys ? ordered(next, settingsKeys) : next };
}

/** `settings` with the keys of `settingsKeys` first, in that order, then the rest as they are. */
function ordered(
  settings: Record<string, unknown>,
  settingsKeys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of settingsKeys) if (key in settings) out[key] = settings[key];
  for (const key of Object.keys(settings)) if (!(key in out)) out[key] = settings[key];
  return out;
}
