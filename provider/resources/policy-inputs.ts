import { z } from "zod";
import type { Violation } from "../errors/policy-validation-error";
import { StoredStateError } from "../errors/stored-state-error";
import { describeValue, formatPath } from "../policy/describe-value";
import { policyDigest } from "../policy/digest";
import { securityPolicySchema, type SecurityPolicy } from "../policy/schema";
import { validatePolicy } from "../policy/validate";
import { baseUrlProblem } from "./settings";
import { containsUnknown } from "./unknowns";

/** What to do with the widget's policy when the resource is destroyed. */
export const ON_DELETE = ["restore", "clear"] as const;

const connectionSchema = z.strictObject(
  {
    baseUrl: z.string({ error: "must be a string" }).optional(),
    clientId: z.string({ error: "must be a string" }).optional(),
    clientSecret: z.string({ error: "must be a string" }).optional(),
  },
  { error: "must be an object with baseUrl, clientId and clientSecret" },
);

/**
 * The inputs the hooks receive, after `check`: the policy normalized, defaults filled in, and
 * the {@link PolicyFacts} that follow from it (absent while part of the policy is unknown).
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

/** The version of the stored outputs' shape; read older state through {@link upgradePolicyOutputs}. */
export const POLICY_SCHEMA_VERSION = 1;

/** What is stored in state: the inputs plus what the deployment produced. */
export const policyResourceOutputsSchema = policyResourceInputsSchema.extend({
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
   * Set by refresh when the live policy is one this provider does not accept (someone edited it
   * outside Pulumi): its exact JSON text. The policy fields are then absent, so that the drift
   * shows, and the next update replaces it.
   */
  driftedPolicyJson: z.string().optional(),
  // Absent after a refresh that found no policy, or one the model does not accept.
  corsOrigins: policyResourceInputsSchema.shape.corsOrigins.optional(),
  authentication: policyResourceInputsSchema.shape.authentication.optional(),
  rules: policyResourceInputsSchema.shape.rules.optional(),
  allowInsecureOrigins: policyResourceInputsSchema.shape.allowInsecureOrigins.optional(),
});

/** See {@link policyResourceOutputsSchema}. */
export type WebchatSecurityPolicyOutputs = z.infer<typeof policyResourceOutputsSchema>;

/**
 * Reads stored outputs of any schema version this code knows. Version 1 is the first; a later
 * version adds its migration here, so that `refresh` and `destroy` keep working on old state.
 * Keys this code does not know (written by another version of the provider) are ignored rather
 * than refused, so that a downgrade can still destroy what a newer version created.
 */
export function upgradePolicyOutputs(stored: unknown): WebchatSecurityPolicyOutputs {
  const version = (stored as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== POLICY_SCHEMA_VERSION) {
    throw new StoredStateError(
      "WebchatSecurityPolicy",
      `has schemaVersion ${describeValue(version)}; this version of pulumi-cxone-webchat reads ${POLICY_SCHEMA_VERSION} (install the version that wrote it)`,
    );
  }
  const known = Object.keys(policyResourceOutputsSchema.shape);
  const outputs = Object.fromEntries(
    Object.entries(stored as Record<string, unknown>).filter(([key]) => known.includes(key)),
  );
  return policyResourceOutputsSchema.parse(outputs);
}

/**
 * The policy stored in outputs as the widget had it at the last write or refresh: the managed
 * policy, the drifted one refresh found, or undefined when the widget had none.
 */
export function storedPolicy(outputs: WebchatSecurityPolicyOutputs): unknown {
  const { corsOrigins, authentication, rules, allowInsecureOrigins } = outputs;
  if (
    corsOrigins !== undefined &&
    authentication !== undefined &&
    rules !== undefined &&
    allowInsecureOrigins !== undefined
  ) {
    return { corsOrigins, authentication, rules, allowInsecureOrigins };
  }
  return outputs.driftedPolicyJson === undefined
    ? undefined
    : (JSON.parse(outputs.driftedPolicyJson) as unknown);
}

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

/** The policy part of inputs or outputs. */
export function policyPart(inputs: SecurityPolicy): SecurityPolicy {
  return {
    corsOrigins: inputs.corsOrigins,
    authentication: inputs.authentication,
    rules: inputs.rules,
    allowInsecureOrigins: inputs.allowInsecureOrigins,
  };
}

const POLICY_KEYS = ["corsOrigins", "authentication", "rules", "allowInsecureOrigins"] as const;
const RESOURCE_KEYS = new Set<string>([
  ...POLICY_KEYS,
  "widgetId",
  "onDelete",
  "connection",
  "managedBy",
  "takeOverFrom",
]);

/** `<project>/<stack>`: two non-empty names without "/". */
const STACK_PATH = /^[^/\s]+\/[^/\s]+$/;

/**
 * The `check` hook's logic: validates and normalizes the resource's inputs without any network
 * call, and returns every violation with its property path. Parts that are not known yet
 * (preview) are passed through unvalidated.
 */
export function checkPolicyInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: Violation[];
} {
  const failures: Violation[] = [];
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(news)) {
    if (!RESOURCE_KEYS.has(key) && key !== "__provider") {
      failures.push({
        path: key,
        reason: `unknown property "${key}": not an argument of WebchatSecurityPolicy`,
      });
    }
  }

  const widgetId = news.widgetId;
  if (!containsUnknown(widgetId) && (typeof widgetId !== "string" || widgetId.trim() === "")) {
    failures.push({
      path: "widgetId",
      reason: `${describeValue(widgetId)} must be a non-empty string`,
    });
  }
  inputs.widgetId = widgetId;

  const onDelete = news.onDelete ?? "restore";
  if (!containsUnknown(onDelete) && !(ON_DELETE as readonly unknown[]).includes(onDelete)) {
    failures.push({
      path: "onDelete",
      reason: `${describeValue(onDelete)} must be one of ${ON_DELETE.join(", ")}`,
    });
  }
  inputs.onDelete = onDelete;

  if (news.connection !== undefined) {
    if (!containsUnknown(news.connection)) {
      const parsed = connectionSchema.safeParse(news.connection);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          failures.push({ path: formatPath(["connection", ...issue.path]), reason: issue.message });
        }
      }
      const baseUrl = (news.connection as { baseUrl?: unknown } | null)?.baseUrl;
      const problem = typeof baseUrl === "string" ? baseUrlProblem(baseUrl) : undefined;
      if (problem !== undefined)
        failures.push({
          path: "connection.baseUrl",
          reason: `${describeValue(baseUrl)} ${problem}`,
        });
    }
    inputs.connection = news.connection;
  }

  for (const [key, shape, pattern] of [
    ["managedBy", "<project>/<stack>/<resource name>", /^[^/\s]+\/[^/\s]+\/.+$/],
    ["takeOverFrom", "<project>/<stack>, the stack whose claim to take over", STACK_PATH],
  ] as const) {
    const value = news[key];
    if (value === undefined) continue;
    if (!containsUnknown(value) && (typeof value !== "string" || !pattern.test(value))) {
      failures.push({ path: key, reason: `${describeValue(value)} must be ${shape}` });
    }
    inputs[key] = value;
  }

  const policyInput = Object.fromEntries(
    POLICY_KEYS.filter((k) => news[k] !== undefined).map((k) => [k, news[k]]),
  );
  if (containsUnknown(policyInput)) {
    Object.assign(inputs, policyInput);
  } else {
    const result = validatePolicy(policyInput);
    if (result.ok) Object.assign(inputs, result.policy, policyFacts(result.policy));
    else {
      failures.push(...result.violations);
      Object.assign(inputs, policyInput);
    }
  }
  return { inputs, failures };
}
