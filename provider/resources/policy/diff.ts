import { changedProperties } from "../shared/changed-properties";
import { POLICY_KEYS } from "./inputs";

/** The properties a policy update can change in place: the policy, and the rest but widgetId. */
export const UPDATABLE_PROPERTIES = [
  ...POLICY_KEYS,
  "onDelete",
  "connection",
  "managedBy",
  "takeOverFrom",
] as const;

/** What `diff` concludes. */
export interface PolicyDiff {
  readonly changes: boolean;
  /** Properties whose change needs a new resource. */
  readonly replaces: string[];
  /** Properties that changed in place. */
  readonly changed: string[];
}

/**
 * The `diff` hook's logic, pure: compares stored outputs with checked (normalized) inputs.
 * A different widget, or a different tenant, is another resource, so those replace; any policy
 * change is an in-place update that lists exactly the properties that changed. Since `check`
 * normalized both sides, semantically equal inputs compare equal. An unknown value counts as
 * a change.
 *
 * @param oldBaseUrl the tenant the resource was created on
 * @param newBaseUrl the tenant the new inputs point at, or undefined when unknown
 */
export function diffPolicy(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  oldBaseUrl: string | undefined,
  newBaseUrl: string | undefined,
): PolicyDiff {
  const replaces = changedProperties(olds, news, ["widgetId"]);
  if (newBaseUrl !== undefined && oldBaseUrl !== undefined && oldBaseUrl !== newBaseUrl) {
    replaces.push("connection.baseUrl");
  }
  const changed = changedProperties(olds, news, UPDATABLE_PROPERTIES);
  return { changes: replaces.length > 0 || changed.length > 0, replaces, changed };
}
