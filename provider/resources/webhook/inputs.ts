import { z } from "zod";
import { publicUrl, secureUrlProblem } from "../../http/secure-url";
import { describeValue } from "../../policy/describe-value";
import { DIGEST_PATTERN } from "../../policy/digest";
import { MAX_URL_LENGTH, MAX_WIDGET_ID_LENGTH, WIDGET_ID_PATTERN } from "../../policy/limits";
import { refuseUnsafeText } from "../../policy/unsafe-text";
import { isSecretRef } from "../../dynamic/secret-refs";
import { signingSecretProblem } from "../../waf/standard-webhooks";

/** Why a webhook URL is refused, or undefined: the signed policy event travels to it. */
export function webhookUrlProblem(text: string): string | undefined {
  return secureUrlProblem(text, "the signed policy event", { allowQuery: true });
}

/** Every error of a field reads `<the value> <rule>`. */
const says = (rule: string) => ({
  error: (issue: { input?: unknown }) => `${describeValue(issue.input)} ${rule}`,
});

/** A non-empty string of at most `max` characters, with no NUL or unpaired surrogate. */
const nonEmpty = (rule = "must be a non-empty string", max = 256) =>
  z
    .string(says(rule))
    .min(1, says(rule))
    .max(max, says(`must be at most ${max} characters`))
    .superRefine(refuseUnsafeText);

/** Most keys `metadata` may hold, and the longest key and value: it travels in every event. */
export const METADATA_LIMITS = { keys: 32, keyLength: 64, valueLength: 512 } as const;

const METADATA_KEY = /^[A-Za-z0-9_.-]+$/;
const count = z
  .number(says("must be a whole number, 0 or more"))
  .int(says("must be a whole number, 0 or more"))
  .min(0, says("must be a whole number, 0 or more"));

/**
 * The WafWebhook's arguments and their rules: the one statement of both. `check` tests each
 * known argument against its schema here (an argument still unknown at preview passes through),
 * and the hooks parse the checked inputs with the whole object.
 */
export const webhookInputsSchema = z.object({
  url: z
    .string(says("must be a string"))
    .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` })
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url);
      // Neither the query nor user info is shown: either may carry a secret.
      if (problem !== undefined)
        ctx.addIssue({ code: "custom", message: `${describeValue(publicUrl(url))} ${problem}` });
    }),
  // The value is a secret: no message shows it. After check, it is a reference (see secret-refs.ts).
  signingSecret: z
    .string({ error: "the signing secret must be a string" })
    .superRefine((secret, ctx) => {
      if (isSecretRef(secret)) return;
      const problem = signingSecretProblem(secret);
      if (problem !== undefined)
        ctx.addIssue({ code: "custom", message: `the signing secret ${problem}` });
    }),
  widgetId: nonEmpty("must be a non-empty widget id", MAX_WIDGET_ID_LENGTH).regex(
    WIDGET_ID_PATTERN,
    says("must be a widget id: letters, digits, _, - and ., starting with a letter or digit"),
  ),
  policyDigest: z
    .string(says("must be 64 lowercase hex digits (a SHA-256 policy digest)"))
    .regex(DIGEST_PATTERN, says("must be 64 lowercase hex digits (a SHA-256 policy digest)")),
  tenant: nonEmpty().default("default"),
  rulesCount: count.default(0),
  corsOriginsCount: count.default(0),
  metadata: z
    .record(
      z
        .string()
        .max(METADATA_LIMITS.keyLength, {
          error: `has a key longer than ${METADATA_LIMITS.keyLength} characters`,
        })
        .regex(METADATA_KEY, { error: "has a key that is not letters, digits, _, . and -" }),
      nonEmpty("must be an object of non-empty strings", METADATA_LIMITS.valueLength),
      says("must be an object of strings"),
    )
    .refine((m) => Object.keys(m).length <= METADATA_LIMITS.keys, {
      error: (issue) =>
        `has ${Object.keys(issue.input as object).length} keys; at most ${METADATA_LIMITS.keys} are sent with every event`,
    })
    .optional(),
  allowUndeliveredRemoval: z.boolean(says("must be true or false")).optional(),
  /** When the policy was last written (its `appliedAt`); part of the webhook-id (`deliveryId`). */
  policyAppliedAt: nonEmpty(
    "must be a non-empty string (a policy resource's appliedAt)",
    64,
  ).optional(),
});

/** What the webhook's hooks receive: its arguments as `webhookInputsSchema` parses them. */
export type WafWebhookInputs = z.output<typeof webhookInputsSchema>;

/** The version of the stored outputs' shape. */
export const WEBHOOK_SCHEMA_VERSION = 1;

/** What is stored: the inputs plus the last delivery. */
export const webhookOutputsSchema = webhookInputsSchema.extend({
  schemaVersion: z.literal(WEBHOOK_SCHEMA_VERSION),
  deliveryId: z.string(),
  deliveredAt: z.string(),
  responseStatus: z.number().int(),
  /** The hash of the resource's last audit line; see the policy's `auditHash`. */
  auditHash: z.string().optional(),
});

/** What a webhook stores: its inputs, the schema version and its last delivery (`webhookOutputsSchema`). */
export type WafWebhookOutputs = z.infer<typeof webhookOutputsSchema>;
