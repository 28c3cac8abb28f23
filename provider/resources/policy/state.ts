import { readWidget, withPolicy, type Widget, type WidgetSnapshot } from "../../cxone/widget";
import { readStoredOutputs } from "../../dynamic/stored-state";
import { policyDigest } from "../../policy/digest";
import type { SecurityPolicy } from "../../policy/schema";
import { validatePolicy } from "../../policy/validate";
import {
  POLICY_KEYS,
  POLICY_SCHEMA_VERSION,
  policyResourceOutputsSchema,
  type WebchatSecurityPolicyInputs,
  type WebchatSecurityPolicyOutputs,
} from "./inputs";

/**
 * The WebchatSecurityPolicy's state, pure: what is stored after a write and after a refresh,
 * what the stored state says the widget looks like, and how old state is read. No network.
 */

/** What follows from a normalized policy alone, with no network call. */
export interface PolicyFacts {
  /** See {@link policyDigest}. */
  readonly policyDigest: string;
  readonly rulesCount: number;
  readonly corsOriginsCount: number;
}

/**
 * The digest and counts of a normalized policy. `check` returns them with the inputs, which
 * makes them known at preview: the engine uses checked inputs as the planned outputs of a
 * dynamic resource, so `pulumi preview` shows the exact digest that `up` will deliver, and
 * resources that depend on it (a WafWebhook) plan with the real value instead of [unknown].
 */
export function policyFacts(policy: SecurityPolicy): PolicyFacts {
  return {
    policyDigest: policyDigest(policy),
    rulesCount: policy.rules.length,
    corsOriginsCount: policy.corsOrigins.length,
  };
}

/** The policy part of inputs or outputs: the {@link POLICY_KEYS}. */
export function policyPart(inputs: SecurityPolicy): SecurityPolicy {
  return Object.fromEntries(POLICY_KEYS.map((key) => [key, inputs[key]])) as SecurityPolicy;
}

/** The digest of a policy found on a widget, or null when there is none or the model refuses it. */
export function digestOf(policy: unknown): string | null {
  if (policy === undefined || policy === null) return null;
  const result = validatePolicy(policy);
  return result.ok ? policyDigest(result.policy) : null;
}

/**
 * Reads stored outputs of any schema version this code knows. Version 1 is the first; a later
 * version adds its migration here, so that `refresh` and `destroy` keep working on old state.
 * Keys this code does not know (written by another version of the provider) are ignored rather
 * than refused, so that a downgrade can still destroy what a newer version created.
 */
export function upgradePolicyOutputs(stored: unknown): WebchatSecurityPolicyOutputs {
  return readStoredOutputs(
    "WebchatSecurityPolicy",
    policyResourceOutputsSchema,
    POLICY_SCHEMA_VERSION,
    stored,
  );
}

/**
 * The policy stored in outputs as the widget had it at the last write or refresh: the managed
 * policy, the drifted one refresh found, or undefined when the widget had none.
 */
export function storedPolicy(outputs: WebchatSecurityPolicyOutputs): unknown {
  if (POLICY_KEYS.every((key) => outputs[key] !== undefined)) {
    return Object.fromEntries(POLICY_KEYS.map((key) => [key, outputs[key]]));
  }
  return outputs.driftedPolicyJson === undefined
    ? undefined
    : (JSON.parse(outputs.driftedPolicyJson) as unknown);
}

/**
 * The widget as the state last saw it, at its ETag: widgetJson (which keeps another's claim,
 * should refresh have found one) with the stored policy and, unless another's, our claim. An
 * update PUTs on it at once, and only re-reads after a 412.
 */
export function knownSnapshot(stored: WebchatSecurityPolicyOutputs): WidgetSnapshot {
  const base = readWidget(JSON.parse(stored.widgetJson) as Widget);
  const widget = withPolicy(base, {
    policy: storedPolicy(stored),
    managedBy: base.claim ?? stored.managedBy,
  });
  return { widget: readWidget(widget), etag: stored.etag, requestId: undefined };
}

/** What a write left behind, for {@link outputsAfterWrite}. */
export interface WrittenPolicy {
  /** The widget after the write (or as it was, when nothing needed writing). */
  readonly after: WidgetSnapshot;
  readonly now: Date;
  /** The policy, claim and layout the widget had when the resource adopted it. */
  readonly previousPolicyJson: string | null;
  readonly previousManagedBy: string | null;
  readonly previousSettingsKeys?: readonly string[] | null | undefined;
  /** The widget's `settings` was JSON `null` (see `Adoption.settingsNull`). */
  readonly previousSettingsNull?: true | undefined;
}

/**
 * The outputs after a create or update. When nothing was written (the ETag is the one stored
 * before), `appliedAt` stays what it was: the policy was applied then, not now.
 */
export function outputsAfterWrite(
  inputs: WebchatSecurityPolicyInputs,
  written: WrittenPolicy,
  before?: WebchatSecurityPolicyOutputs,
): WebchatSecurityPolicyOutputs {
  return {
    ...inputs,
    schemaVersion: POLICY_SCHEMA_VERSION,
    ...policyFacts(policyPart(inputs)),
    etag: written.after.etag,
    appliedAt:
      before !== undefined && before.etag === written.after.etag
        ? before.appliedAt
        : written.now.toISOString(),
    previousPolicyJson: written.previousPolicyJson,
    previousManagedBy: written.previousManagedBy,
    ...(written.previousSettingsKeys === undefined
      ? {}
      : {
          previousSettingsKeys:
            written.previousSettingsKeys === null ? null : [...written.previousSettingsKeys],
        }),
    ...(written.previousSettingsNull === true ? { previousSettingsNull: true as const } : {}),
    widgetJson: JSON.stringify(
      withPolicy(written.after.widget, { policy: undefined, managedBy: null }),
    ),
  };
}

/**
 * What `read` returns for the live widget: outputs with the live policy, and the inputs `check`
 * would return for it, facts included, so that a refresh that found no drift leaves nothing for
 * the next preview to show, and one that did shows exactly the drift. A live policy the model
 * refuses is kept as text (`driftedPolicyJson`) and its fields are left out.
 */
export function outputsFromLive(
  stored: WebchatSecurityPolicyOutputs,
  live: WidgetSnapshot,
): { props: Record<string, unknown>; inputs: Record<string, unknown> } {
  const found = live.widget.policy;
  const normalized = found === undefined ? undefined : validatePolicy(found);
  const livePolicy: Record<string, unknown> = normalized?.ok ? { ...normalized.policy } : {};
  const facts = normalized?.ok
    ? policyFacts(normalized.policy)
    : { policyDigest: "", rulesCount: 0, corsOriginsCount: 0 };
  const rest: Record<string, unknown> = { ...stored };
  for (const key of [...POLICY_KEYS, "driftedPolicyJson"]) delete rest[key];
  // A claim that is not this resource's stays in widgetJson, so that the next write sees it.
  const foreignClaim = live.widget.claim !== stored.managedBy;
  const props: Record<string, unknown> = {
    ...rest,
    ...livePolicy,
    ...facts,
    etag: live.etag,
    widgetJson:
      live.etag === stored.etag
        ? stored.widgetJson
        : JSON.stringify(
            withPolicy(live.widget, {
              policy: undefined,
              managedBy: foreignClaim ? undefined : null,
            }),
          ),
  };
  if (found !== undefined && !normalized?.ok) props.driftedPolicyJson = JSON.stringify(found);
  const inputs: Record<string, unknown> = {
    widgetId: stored.widgetId,
    onDelete: stored.onDelete,
    ...livePolicy,
    ...(normalized?.ok ? facts : {}),
  };
  for (const key of [
    "connection",
    "managedBy",
    "takeOverFrom",
    "livePolicyDigest",
    "baseUrl",
    "tenantId",
  ] as const) {
    if (stored[key] !== undefined) inputs[key] = stored[key];
  }
  return { props, inputs };
}
