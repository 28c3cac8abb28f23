import { sameTenant, type TenantRef } from "../../config/tenant";
import { changedProperties } from "../shared/changed-properties";
import { containsUnknown } from "../shared/unknowns";
import { POLICY_KEYS } from "./inputs";

/** The properties a policy update can change in place: the policy, and the rest but the widget and tenant. */
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
  /** When the policy moves to another tenant: from where, to where. */
  readonly move?: { readonly from: TenantRef; readonly to: TenantRef };
}

/** The tenant a side of the diff names: stored outputs, or checked inputs. */
export function tenantOfProps(props: Record<string, unknown>): TenantRef {
  const pick = (key: string) =>
    typeof props[key] === "string" && props[key] !== "" ? (props[key] as string) : undefined;
  return { baseUrl: pick("baseUrl"), tenantId: pick("tenantId") };
}

/**
 * The `diff` hook's logic, pure: compares stored outputs with checked (normalized) inputs. A
 * different widget, or a different tenant, is another resource, so those replace; any policy
 * change is an in-place update that lists exactly the properties that changed. Since `check`
 * normalized both sides, semantically equal inputs compare equal. An unknown value counts as a
 * change. State written before the tenant was checked at preview names it by its base URL
 * alone, which is compared as such.
 */
export function diffPolicy(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): PolicyDiff {
  const replaces = changedProperties(olds, news, ["widgetId"]);
  const from = tenantOfProps(olds);
  const to = tenantOfProps(news);
  // The tenant is unknown only while the connection argument is (preview); check knows it at up.
  const tenantKnown =
    !containsUnknown(news.connection) && (to.baseUrl !== undefined || to.tenantId !== undefined);
  const moved =
    tenantKnown &&
    (from.baseUrl !== undefined || from.tenantId !== undefined) &&
    !sameTenant(from, to);
  if (moved)
    replaces.push(
      from.tenantId !== undefined && to.tenantId !== undefined ? "tenantId" : "baseUrl",
    );
  const changed = changedProperties(olds, news, UPDATABLE_PROPERTIES);
  if (!moved && tenantKnown && to.tenantId !== from.tenantId) changed.push("tenantId");
  return {
    changes: replaces.length > 0 || changed.length > 0,
    replaces,
    changed,
    ...(moved ? { move: { from, to } } : {}),
  };
}
