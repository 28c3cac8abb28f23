import type * as pulumi from "@pulumi/pulumi";
import { sameTenant, type TenantRef } from "../../config/tenant";
import { changedProperties } from "../../dynamic/properties";
import { containsUnknown } from "../../dynamic/properties";
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
 * alone, which is compared as such. `livePolicyDigest` is not compared: it is read by `create`
 * alone, so a new one (the data file exported again) changes nothing that exists.
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

/**
 * What the `diff` hook answers for a {@link PolicyDiff}. An in-place update answers "changes
 * unknown" rather than "changes": the engine then compares the old and new inputs itself and
 * keeps the property paths that differ as a detailed diff, which the dynamic-provider host has
 * no way to send. The engine's display (v3.248) builds a resource's change from that detailed
 * diff when there is one, and marks a `hideDiffs` property `(hidden)` only when it changed;
 * without one it compares the whole property maps and marks every hidden property present,
 * changed or not (`~ rules (hidden)` when only `corsOrigins` changed). Both sides are normalized
 * by `check`, so the engine's comparison finds exactly the properties {@link diffPolicy} found
 * (and the digest and counts that follow from them). A replacement keeps its explicit answer,
 * which names the property that forces it.
 */
export function diffResponse(result: PolicyDiff): pulumi.dynamic.DiffResult {
  if (result.replaces.length > 0)
    return { changes: true, replaces: result.replaces, deleteBeforeReplace: true };
  return result.changes ? {} : { changes: false };
}
