import type { Violation } from "../../errors/input-errors";
import { parseTenantSettings } from "../../config/tenant-settings";
import { formatPath } from "../../policy/describe-value";
import { validatePolicy } from "../../policy/validate";
import type { TenantRef } from "../../config/tenant";
import { PROVIDER_KEY } from "../../dynamic/properties";
import { containsUnknown } from "../../dynamic/properties";
import { POLICY_KEYS, resourceArgumentSchemas, TENANT_KEYS } from "./inputs";
import { policyFacts } from "./state";

/** The arguments a program may give: the policy and the resource's own arguments. */
const ARGUMENT_KEYS: ReadonlySet<string> = new Set<string>([
  ...POLICY_KEYS,
  ...Object.keys(resourceArgumentSchemas),
]);

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
  for (const key of Object.keys(resourceArgumentSchemas) as ArgumentKey[]) {
    const checked = checkArgument(key, news[key]);
    if (checked.value !== undefined) inputs[key] = checked.value;
    failures.push(...checked.failures);
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

type ArgumentKey = keyof typeof resourceArgumentSchemas;

/**
 * One of the resource's own arguments against its schema: the value to pass on (the parsed one,
 * with its default; the given one when unknown or refused) and what is wrong with it.
 */
function checkArgument(
  key: ArgumentKey,
  value: unknown,
): { value: unknown; failures: Violation[] } {
  if (containsUnknown(value)) return { value, failures: [] };
  if (key === "connection") {
    // Kept as given (the provider resolves it); its values may be secrets, never shown.
    if (value === undefined) return { value, failures: [] };
    const parsed = parseTenantSettings(value);
    return {
      value,
      failures: parsed.ok
        ? []
        : parsed.problems.map((problem) => ({
            path: formatPath(["connection", ...(problem.key === "" ? [] : [problem.key])]),
            reason: `${problem.value === undefined ? "the value" : JSON.stringify(problem.value)} ${problem.requirement}`,
          })),
    };
  }
  const parsed = resourceArgumentSchemas[key].safeParse(value);
  if (parsed.success) return { value: parsed.data, failures: [] };
  // The first rule broken says enough: "" is not also reported as not matching the pattern.
  const [issue] = parsed.error.issues;
  return {
    value,
    failures:
      issue === undefined
        ? []
        : [{ path: formatPath([key, ...issue.path]), reason: issue.message }],
  };
}
