import { z } from "zod";
import { securityPolicySchema } from "../../policy/schema";

/** What to do with the widget's policy when the resource is destroyed. */
export const ON_DELETE = ["restore", "clear"] as const;

/** A resource's own `connection` argument: credentials for it alone. */
export const connectionSchema = z.strictObject(
  {
    baseUrl: z.string({ error: "must be a string" }).optional(),
    clientId: z.string({ error: "must be a string" }).optional(),
    clientSecret: z.string({ error: "must be a string" }).optional(),
  },
  { error: "must be an object with baseUrl, clientId and clientSecret" },
);

/** See {@link connectionSchema}. */
export type Connection = z.infer<typeof connectionSchema>;

/** The keys of the policy itself, from its schema: what the digest covers. */
export const POLICY_KEYS = securityPolicySchema.keyof().options;

/** One of {@link POLICY_KEYS}. */
export type PolicyKey = (typeof POLICY_KEYS)[number];

/** The keys `check` adds, which follow from the policy alone (see `policyFacts`). */
export const FACT_KEYS = ["policyDigest", "rulesCount", "corsOriginsCount"] as const;

/**
 * The inputs the hooks receive, after `check`: the policy normalized, defaults filled in, and
 * the facts that follow from it (absent while part of the policy is unknown).
 */
export const policyResourceInputsSchema = securityPolicySchema.extend({
  widgetId: z.string().min(1),
  onDelete: z.enum(ON_DELETE),
  connection: connectionSchema.optional(),
  /** The resource's claim on the widget, `<project>/<stack>/<name>` (see `policy/ownership.ts`). */
  managedBy: z.string().optional(),
  /** The `<project>/<stack>` whose claim this resource may take over. */
  takeOverFrom: z.string().optional(),
  policyDigest: z.string().optional(),
  rulesCount: z.number().int().optional(),
  corsOriginsCount: z.number().int().optional(),
});

/** See {@link policyResourceInputsSchema}. */
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
    baseUrl: z.string(),
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

/** See {@link policyResourceOutputsSchema}. */
export type WebchatSecurityPolicyOutputs = z.infer<typeof policyResourceOutputsSchema>;
