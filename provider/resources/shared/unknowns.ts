import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

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
