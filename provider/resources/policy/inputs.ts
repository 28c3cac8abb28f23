import { z } from "zod";
import { tenantSettingsSchema } from "../../config/tenant-settings";
import { DIGEST_PATTERN } from "../../policy/digest";
import { MAX_WIDGET_ID_LENGTH, WIDGET_ID_PATTERN } from "../../policy/limits";
import { securityPolicySchema } from "../../policy/schema";
import { describeValue } from "../../policy/describe-value";
import { refuseUnsafeText } from "../../policy/unsafe-text";

/** What to do with the widget's policy when the resource is destroyed. */
export const ON_DELETE = ["restore", "clear"] as const;

/** Every error of a field reads `<the value> <rule>`. */
const says = (rule: string) => ({
  error: (issue: { input?: unknown }) => `${describeValue(issue.input)} ${rule}`,
});

/** A resource's own `connection` argument: the settings of its tenant (see `config/tenant-settings.ts`). */
export const connectionSchema = tenantSettingsSchema;

/** See {@link connectionSchema}. */
export type Connection = z.infer<typeof connectionSchema>;

/** The keys of the policy itself, from its schema: what the digest covers. */
export const POLICY_KEYS = securityPolicySchema.keyof().options;

/** One of {@link POLICY_KEYS}. */
export type PolicyKey = (typeof POLICY_KEYS)[number];

/** The keys `check` adds, which follow from the policy alone (see `policyFacts`). */
export const FACT_KEYS = ["policyDigest", "rulesCount", "corsOriginsCount"] as const;

/**
 * The keys `check` adds from the provider's settings: the tenant the policy is for, as its
 * base URL or tenant id (never a credential). A different tenant is a different resource.
 */
export const TENANT_KEYS = ["baseUrl", "tenantId"] as const;

/** `<project>/<stack>`: two names without "/" or white space. */
const STACK_PATH = /^[^/\s]+\/[^/\s]+$/;

/** A resource's claim, `<project>/<stack>/<resource name>` (see `policy/ownership.ts`). */
const CLAIM = /^[^/\s]+\/[^/\s]+\/.+$/;

/**
 * The resource's arguments besides the policy, with their rules: the one statement of both.
 * `check` tests each known one here (one still unknown at preview passes through).
 */
export const resourceArgumentSchemas = {
  widgetId: z
    .string(says("must be a string"))
    .min(1, says("must be a non-empty widget id"))
    .max(MAX_WIDGET_ID_LENGTH, says(`must be at most ${MAX_WIDGET_ID_LENGTH} characters`))
    .regex(
      WIDGET_ID_PATTERN,
      says(
        "must be a widget id: letters, digits, _, - and ., starting with a letter or digit (it is part of the API path)",
      ),
    ),
  onDelete: z.enum(ON_DELETE, says(`must be one of ${ON_DELETE.join(", ")}`)).default("restore"),
  connection: connectionSchema.optional(),
  managedBy: z
    .string(says("must be <project>/<stack>/<resource name>"))
    .max(512, says("must be at most 512 characters"))
    .regex(CLAIM, says("must be <project>/<stack>/<resource name>"))
    .superRefine(refuseUnsafeText)
    .optional(),
  takeOverFrom: z
    .string(says("must be <project>/<stack>, the stack whose claim to take over"))
    .max(256, says("must be at most 256 characters"))
    .regex(STACK_PATH, says("must be <project>/<stack>, the stack whose claim to take over"))
    .superRefine(refuseUnsafeText)
    .optional(),
  // Compared with the widget's live policy at create only (see `adoption.ts`); never a cause
  // of an update or a replacement (see `diff.ts`).
  livePolicyDigest: z
    .string(says("must be a string: the policy digest of the widget's live policy"))
    .regex(
      DIGEST_PATTERN,
      says("must be a policy digest: 64 lowercase hex digits, as the policyDigest output gives it"),
    )
    .optional(),
} as const;

/**
 * The inputs the hooks receive, after `check`: the policy normalized, defaults filled in, the
 * tenant, and the facts that follow from the policy (absent while part of it is unknown).
 */
export const policyResourceInputsSchema = securityPolicySchema.extend({
  ...resourceArgumentSchemas,
  /** The tenant's API base URL, as the settings give it (absent when it is discovered by tenant id). */
  baseUrl: z.string().optional(),
  /** The tenant's id, when the settings give one. */
  tenantId: z.string().optional(),
  policyDigest: z.string().optional(),
  rulesCount: z.number().int().optional(),
  corsOriginsCount: z.number().int().optional(),
});

/** What the policy's hooks receive: its arguments as `policyResourceInputsSchema` parses them. */
export type WebchatSecurityPolicyInputs = z.infer<typeof policyResourceInputsSchema>;

/** The version of the stored outputs' shape; read older state through `upgradePolicyOutputs`. */
export const POLICY_SCHEMA_VERSION = 1;

// The policy keys are absent from stored outputs after a refresh that found no policy, or one
// the model does not accept.
const POLICY_MAY_BE_ABSENT = Object.fromEntries(POLICY_KEYS.map((k) => [k, true])) as Record<
  PolicyKey,
  true
>;

/** What is stored in state: the inputs plus what the deployment produced. */
export const policyResourceOutputsSchema = policyResourceInputsSchema
  .partial(POLICY_MAY_BE_ABSENT)
  .extend({
    schemaVersion: z.number().int(),
    policyDigest: z.string(),
    etag: z.string(),
    appliedAt: z.string(),
    rulesCount: z.number().int(),
    corsOriginsCount: z.number().int(),
    /**
     * The policy the widget had when this resource adopted it, as the exact JSON text CXone
     * returned (Pulumi state sorts object keys; text keeps the bytes), for `onDelete: restore`.
     * Null when the widget had none.
     */
    previousPolicyJson: z.string().nullable(),
    /** The claim the widget carried when this resource adopted it, for `onDelete: restore`. */
    previousManagedBy: z.string().nullable().optional(),
    /**
     * The keys of the widget's `settings`, in order, when this resource adopted it (null: it had
     * no settings), so that `destroy` gives the widget back byte for byte. Absent in older state.
     */
    previousSettingsKeys: z.array(z.string()).nullable().optional(),
    /** The widget's `settings` was JSON `null`, not absent, before the resource adopted it. */
    previousSettingsNull: z.literal(true).optional(),
    /** The widget as last written, without its policy, as JSON text: lets an update PUT at once on the stored ETag. */
    widgetJson: z.string(),
    /**
     * Set by refresh when the live policy is one this provider does not accept (someone edited
     * it outside Pulumi): its exact JSON text. The policy fields are then absent, so that the
     * drift shows, and the next update replaces it.
     */
    driftedPolicyJson: z.string().optional(),
    /**
     * The hash of the resource's last audit line (`spool:<id>` while that line waits in the
     * spool): anchors the audit chain outside itself, for `audit verify --stack`. Absent in
     * state written before 0.2.
     */
    auditHash: z.string().optional(),
  });

/** What a policy stores: its inputs, what the last write returned and the schema version (`policyResourceOutputsSchema`). */
export type WebchatSecurityPolicyOutputs = z.infer<typeof policyResourceOutputsSchema>;
