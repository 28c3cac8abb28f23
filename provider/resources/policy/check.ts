import type { Violation } from "../../errors/policy-validation-error";
import { describeValue, formatPath } from "../../policy/describe-value";
import { validatePolicy } from "../../policy/validate";
import { baseUrlProblem } from "../shared/stack-config";
import { PROVIDER_KEY } from "../shared/serialized-provider";
import { containsUnknown } from "../shared/unknowns";
import {
  connectionSchema,
  FACT_KEYS,
  ON_DELETE,
  POLICY_KEYS,
  policyResourceInputsSchema,
} from "./inputs";
import { policyFacts } from "./state";

/** The arguments a program may give: the inputs' keys, less the facts `check` adds. */
const RESOURCE_KEYS = new Set<string>(
  Object.keys(policyResourceInputsSchema.shape).filter(
    (key) => !(FACT_KEYS as readonly string[]).includes(key),
  ),
);

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
    if (!RESOURCE_KEYS.has(key) && key !== PROVIDER_KEY) {
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
