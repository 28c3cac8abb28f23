import { isDeepStrictEqual } from "node:util";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/**
 * Property bags as the dynamic-provider host passes them: the serialized provider among the
 * properties, values still unknown at preview, and the comparison diffs are made of.
 */

/**
 * The key under which the dynamic-provider host passes the serialized provider with every
 * resource's properties. The hooks take it out before they parse, and give it back where the
 * host expects it: in the properties of a partial failure, which the host stores as they are.
 */
export const PROVIDER_KEY = "__provider";

/** `props` without the serialized provider, and the provider itself. */
export function splitProvider(props: Record<string, unknown>): {
  rest: Record<string, unknown>;
  provider: unknown;
} {
  const { [PROVIDER_KEY]: provider, ...rest } = props;
  return { rest, provider };
}

/** `props` with the serialized provider put back. */
export function withProvider<T extends object>(
  props: T,
  provider: unknown,
): T & Record<typeof PROVIDER_KEY, unknown> {
  return { ...props, [PROVIDER_KEY]: provider };
}

/**
 * True when `value` holds a value Pulumi does not know yet (during preview, an output of a
 * resource still to be created). Such parts cannot be validated now; `check` runs again
 * once they are known.
 */
export function containsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null)
    return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The keys, among `keys`, whose new value differs from the old one. A value not yet known
 * (preview) counts as changed: it may turn out different, and Pulumi must plan for that.
 * Both sides should be normalized first, so that equal meaning compares equal.
 */
export function changedProperties(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
): string[] {
  return keys.filter(
    (key) => containsUnknown(news[key]) || !isDeepStrictEqual(olds[key], news[key]),
  );
}
