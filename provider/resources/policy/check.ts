import type { Violation } from "../../errors/policy-validation-error";
import { parseTenantSettings } from "../../config/tenant-settings";
import { formatPath } from "../../policy/describe-value";
import { validatePolicy } from "../../policy/validate";
import type { TenantRef } from "../../config/tenant";
import { PROVIDER_KEY } from "../shared/serialized-provider";
import { containsUnknown } from "../shared/unknowns";
import { POLICY_KEYS, resourceArgumentSchemas, TENANT_KEYS } from "./inputs";
import { policyFacts } from "./state";

/** The arguments a program may give: the policy and the resource's own arguments. */
const ARGUMENT_KEYS = new Set<string>([...POLICY_KEYS, ...Object.keys(resourceArgumentSchemas)]);

/**
 * The tenant the resource's connection settings name, as the provider resolved them from the
 * `connection` argument, stack config and the environment: the tenant, the violations that
 * keep it from being known (missing or unusable settings), or "unknown" while the `connection`
 * argument is not known yet (preview).
 */
export type CheckedTenant = TenantRef | { readonly violations: readonly Violation[] } | "unknown";

/**
 * The `check` hook's logic, pure: validates and normalizes the resource's inputs without any
 * network call, and returns every violation with its property path. Each argument is parsed
 * with its schema in `inputs.ts` (the one statement of its rules), the policy with the
 * validator; parts that are not known yet (preview) pass through unvalidated.
 */
export function checkPolicyInputs(
  news: Record<string, unknown>,
  tenant: CheckedTenant = "unknown",
): { inputs: Record<string, unknown>; failures: Violation[] } {
  const failures: Violation[] = [];
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(news)) {
    if (key === PROVIDER_KEY || ARGUMENT_KEYS.has(key)) continue;
    failures.push({
      path: key,
      reason: `unknown property "${key}": not an argument of WebchatSecurityPolicy`,
    });
  }

  for (const [key, schema] of Object.entries(resourceArgumentSchemas)) {
    const value = news[key];
    if (containsUnknown(value)) {
      inputs[key] = value;
      continue;
    }
    if (key === "connection") {
      // Kept as given (the provider resolves it); its values may be secrets, never shown.
      if (value === undefined) continue;
      inputs[key] = value;
      const parsed = parseTenantSettings(value);
      if (!parsed.ok)
        for (const problem of parsed.problems)
          failures.push({
            path: formatPath(["connection", ...(problem.key === "" ? [] : [problem.key])]),
            reason: `${problem.value === undefined ? "the value" : JSON.stringify(problem.value)} ${problem.rule}`,
          });
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) inputs[key] = parsed.data;
    } else {
      // The first rule broken says enough: "" is not also reported as not matching the pattern.
      const [issue] = parsed.error.issues;
      if (issue !== undefined)
        failures.push({ path: formatPath([key, ...issue.path]), reason: issue.message });
      if (value !== undefined) inputs[key] = value;
    }
  }

  if (tenant !== "unknown") {
    if ("violations" in tenant) failures.push(...tenant.violations);
    else for (const key of TENANT_KEYS) if (tenant[key] !== undefined) inputs[key] = tenant[key];
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
