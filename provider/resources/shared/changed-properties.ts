import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "./unknowns";

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
