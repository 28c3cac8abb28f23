import type { PolicyWrite, SetPolicyOptions } from "../../cxone/client";
import {
  adoptedPolicy,
  adoptionOf,
  MANAGED_BY_FIELD,
  POLICY_FIELD,
  type WidgetDocument,
} from "../../cxone/widget";
import { LivePolicyChangedError, type LivePolicyFound } from "../../errors/input-errors";
import { policyDigest } from "../../policy/digest";
import { claimGuard } from "../../policy/ownership";
import { validatePolicy } from "../../policy/validate";
import type { WebchatSecurityPolicyInputs, WebchatSecurityPolicyOutputs } from "./inputs";

/**
 * Adoption, as pure decisions: what a resource records of the widget it first writes (its
 * policy, its claim, the order of its settings), how a create whose result cannot be recorded
 * puts the widget back, and how `destroy` gives it back. The hooks carry these out.
 */

/** What the state keeps of what the widget held before the resource adopted it. */
export interface AdoptionRecord {
  /** The policy field's exact JSON, `null` included; null when the widget had no such field. */
  readonly previousPolicyJson: string | null;
  /** The claim the widget carried, or null. */
  readonly previousManagedBy: string | null;
  /** The keys of `settings` in their order, null when it had no `settings` object. */
  readonly previousSettingsKeys: readonly string[] | null | undefined;
  /** Set when that `settings` was JSON `null` rather than absent. */
  readonly previousSettingsNull?: true;
}

/**
 * What the widget held before `claim` first wrote it, from the version a create's write was
 * based on: which may show an earlier create of the same resource, whose result the engine
 * never recorded (see `ADOPTED_FIELD`): then that create's record is the answer.
 */
export function adoptionRecord(before: WidgetDocument, claim: string | undefined): AdoptionRecord {
  const held = adoptionOf(before, claim);
  return {
    previousPolicyJson: POLICY_FIELD in held ? JSON.stringify(held.securityPolicies) : null,
    previousManagedBy: held[MANAGED_BY_FIELD] ?? null,
    previousSettingsKeys: held.settingsKeys,
    ...(held.settingsNull === true ? { previousSettingsNull: true as const } : {}),
  };
}

/** The adoption record a resource's state keeps, to carry into the outputs of its next write. */
export function storedAdoption(stored: WebchatSecurityPolicyOutputs): AdoptionRecord {
  return {
    previousPolicyJson: stored.previousPolicyJson,
    previousManagedBy: stored.previousManagedBy ?? null,
    previousSettingsKeys: stored.previousSettingsKeys,
    ...(stored.previousSettingsNull === true ? { previousSettingsNull: true as const } : {}),
  };
}

/** The policy the widget had before `claim` adopted it, for the digest a create starts from. */
export function policyBeforeAdoption(before: WidgetDocument, claim: string | undefined): unknown {
  return adoptedPolicy(adoptionOf(before, claim));
}

/** The first hex digits of a digest that a preview line shows: enough to tell policies apart. */
const SHORT_DIGEST = 12;

/**
 * What preview says of a resource being created with `livePolicyDigest` (the digest of the
 * widget's live policy when its data file was exported), from the declared policy's digest:
 * whether the first `up` adopts the widget and leaves its policy as it is, or replaces it.
 * Preview reads nothing from the tenant, so this compares two digests the program holds; `create`
 * then checks the live policy itself (see {@link adoptionGuard}).
 */
export function adoptionPreviewLine(
  widgetId: string,
  declaredDigest: string,
  livePolicyDigest: string,
): string {
  const short = (digest: string) => digest.slice(0, SHORT_DIGEST);
  return declaredDigest === livePolicyDigest
    ? `adopts widget ${widgetId}; policy unchanged (digest ${short(declaredDigest)})`
    : `adopts widget ${widgetId}; the declared policy (digest ${short(declaredDigest)}) replaces the live one (digest ${short(livePolicyDigest)})`;
}

/**
 * What a widget's policy before adoption is, for the comparison with `livePolicyDigest`: its
 * digest as `policyDigest` computes it from the normalized policy (as `export` does), none, or
 * one today's rules refuse.
 */
export function livePolicyFound(
  before: WidgetDocument,
  claim: string | undefined,
): LivePolicyFound {
  const policy = policyBeforeAdoption(before, claim);
  if (policy === undefined) return { kind: "none" };
  const result = validatePolicy(policy);
  return result.ok ? { kind: "policy", digest: policyDigest(result.policy) } : { kind: "invalid" };
}

/**
 * The write options of a create: the claim guard (see `claimGuard`) and, with
 * `livePolicyDigest`, a refusal ({@link LivePolicyChangedError}) of any version of the widget
 * whose policy before adoption has another digest. Like the claim, it is checked on every version
 * the write is based on (the re-read after a 412 too), so an edit between the read and the write
 * is not overwritten either. The policy before adoption, not the live one, is compared: a create
 * whose earlier attempt landed unrecorded finds its own policy on the widget.
 */
export function adoptionGuard(
  resource: Pick<
    WebchatSecurityPolicyInputs,
    "widgetId" | "managedBy" | "takeOverFrom" | "livePolicyDigest"
  >,
): Pick<SetPolicyOptions, "managedBy" | "precondition"> {
  const claim = claimGuard(resource);
  const expected = resource.livePolicyDigest;
  if (expected === undefined) return claim;
  return {
    ...claim,
    precondition: (widget) => {
      // Another stack's widget is refused as such first: that is the news that matters.
      claim.precondition?.(widget);
      const found = livePolicyFound(widget, resource.managedBy);
      if (found.kind !== "policy" || found.digest !== expected)
        throw new LivePolicyChangedError(resource.widgetId, expected, found);
    },
  };
}

/**
 * The write that puts a widget back as a create's write found it, when nobody can record that
 * create (the engine that asked for it is gone): its policy, claim, record and settings settingsKeys.
 * Unguarded, since it must leave even though the engine is gone.
 */
export function undoWrite(before: WidgetDocument): {
  readonly policy: unknown;
  readonly options: SetPolicyOptions;
} {
  return {
    policy: before.presentRecord.securityPolicies,
    options: {
      guarded: false,
      managedBy: before.claim ?? null,
      adoption: before.adoption ?? null,
      settingsKeys: before.presentRecord.settingsKeys ?? null,
    },
  };
}

/**
 * Whether a create wrote nothing because an earlier create of the same resource had already
 * landed, and carries its claim and adoption record: that create's result never reached the
 * state, and its audit line stands for both (one operation, one line).
 */
export function resumesLostCreate(write: PolicyWrite, claim: string | undefined): boolean {
  const widget = write.before.widget;
  return (
    write.after === write.before &&
    claim !== undefined &&
    widget.claim === claim &&
    widget.adoption !== undefined
  );
}

/**
 * What `destroy` writes, as `onDelete` says: the adopted policy back (`restore`) or none
 * (`clear`); the claim back or removed; the adoption record removed; the settings in the order
 * the widget had them.
 */
export function releaseWrite(stored: WebchatSecurityPolicyOutputs): {
  /** The policy to leave on the widget; undefined leaves none. */
  readonly policy: unknown;
  readonly options: Pick<
    SetPolicyOptions,
    "managedBy" | "adoption" | "settingsKeys" | "settingsNull"
  >;
} {
  const restore = stored.onDelete === "restore";
  const previous: unknown =
    stored.previousPolicyJson === null ? undefined : JSON.parse(stored.previousPolicyJson);
  return {
    policy: restore ? previous : undefined,
    options: {
      ...(stored.managedBy === undefined
        ? {}
        : { managedBy: restore ? (stored.previousManagedBy ?? null) : null, adoption: null }),
      ...(stored.previousSettingsKeys === undefined
        ? {}
        : { settingsKeys: stored.previousSettingsKeys }),
      ...(stored.previousSettingsNull === true ? { settingsNull: true } : {}),
    },
  };
}

/**
 * Whether a release was refused only for giving `settings` back as JSON `null`, which a tenant
 * may not accept (the simulator's answers 400 "settings must be an object"): then the release is
 * written again with no `settings`, the nearest the tenant takes, and the audit line says so.
 */
export function refusedNullSettings(
  options: Pick<SetPolicyOptions, "settingsNull">,
  error: {
    readonly status: number;
    readonly fieldErrors: ReadonlyArray<{ readonly field: string }>;
  },
): boolean {
  return (
    options.settingsNull === true &&
    (error.status === 400 || error.status === 422) &&
    error.fieldErrors.some((f) => f.field === "settings")
  );
}
