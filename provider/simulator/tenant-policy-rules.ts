import {
  LOOPBACK_HOSTS,
  MAX_PATTERN_LENGTH,
  MAX_RULE_ID_LENGTH,
  MAX_RULES,
  RULE_ACTIONS,
  RULE_ID_PATTERN,
  TOKEN_EXPIRY_MINUTES,
} from "../policy/limits";

/** A field the tenant refuses, as its 422 body lists it. */
export interface TenantFieldError {
  readonly field: string;
  readonly message: string;
}

const FIELDS = ["corsOrigins", "authentication", "rules", "allowInsecureOrigins"];
const RULE_FIELDS = ["id", "action", "pattern", "redirectUrl"];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The tenant's own statement of what `settings.securityPolicies` may hold, as the simulator
 * enforces it on every PUT. It is written apart from the provider's validator on purpose (it
 * shares only the limits and action names of `policy/limits.ts`): were the provider's validator
 * more lenient than the tenant, its writes would meet a 422 here, and the tests would fail.
 * It checks structure and limits, not the provider's own extra care (XSS patterns, normal form).
 */
export function tenantPolicyErrors(policy: unknown): TenantFieldError[] {
  const errors: TenantFieldError[] = [];
  const fail: Fail = (field, message) =>
    errors.push({ field: `settings.securityPolicies${field}`, message });
  if (!isObject(policy)) {
    fail("", "must be an object");
    return errors;
  }
  for (const key of Object.keys(policy)) {
    if (!FIELDS.includes(key)) fail(`.${key}`, "is not a security policy field");
  }
  const insecureAllowed = policy.allowInsecureOrigins === true;
  if (policy.allowInsecureOrigins !== undefined && typeof policy.allowInsecureOrigins !== "boolean")
    fail(".allowInsecureOrigins", "must be a boolean");

  const origins = policy.corsOrigins;
  if (!Array.isArray(origins) || origins.length === 0)
    fail(".corsOrigins", "must be a non-empty array");
  else
    origins.forEach((origin, i) => {
      const problem = originProblem(origin, insecureAllowed);
      if (problem !== undefined) fail(`.corsOrigins[${i}]`, problem);
    });
  checkAuthentication(policy.authentication, fail);
  const rules = policy.rules;
  if (rules !== undefined) {
    if (!Array.isArray(rules)) fail(".rules", "must be an array");
    else {
      if (rules.length > MAX_RULES) fail(".rules", `must have at most ${MAX_RULES} rules`);
      const ids = new Set<unknown>();
      rules.forEach((rule, i) => checkRule(rule, `.rules[${i}]`, ids, fail));
    }
  }
  return errors;
}

/** Records a refused field, by its path under the policy. */
type Fail = (field: string, message: string) => void;

function checkAuthentication(auth: unknown, fail: Fail): void {
  if (!isObject(auth) || typeof auth.requireToken !== "boolean") {
    fail(".authentication.requireToken", "must be a boolean");
    return;
  }
  const expiry = auth.tokenExpiryMinutes;
  if (auth.requireToken && expiry === undefined)
    fail(".authentication.tokenExpiryMinutes", "is required when requireToken is true");
  if (
    expiry !== undefined &&
    !(
      Number.isInteger(expiry) &&
      (expiry as number) >= TOKEN_EXPIRY_MINUTES.min &&
      (expiry as number) <= TOKEN_EXPIRY_MINUTES.max
    )
  )
    fail(
      ".authentication.tokenExpiryMinutes",
      `must be a whole number from ${TOKEN_EXPIRY_MINUTES.min} to ${TOKEN_EXPIRY_MINUTES.max}`,
    );
}

/** One rule at `at`; `ids` holds the ids of the rules before it, and gains this one's. */
function checkRule(rule: unknown, at: string, ids: Set<unknown>, fail: Fail): void {
  if (!isObject(rule)) {
    fail(at, "must be an object");
    return;
  }
  for (const key of Object.keys(rule))
    if (!RULE_FIELDS.includes(key)) fail(`${at}.${key}`, "is not a rule field");
  if (
    typeof rule.id !== "string" ||
    !RULE_ID_PATTERN.test(rule.id) ||
    rule.id.length > MAX_RULE_ID_LENGTH
  )
    fail(`${at}.id`, `must be 1 to ${MAX_RULE_ID_LENGTH} of A-Z, a-z, 0-9, _ and -`);
  else if (ids.has(rule.id)) fail(`${at}.id`, "is used by an earlier rule");
  ids.add(rule.id);
  if (!(RULE_ACTIONS as readonly unknown[]).includes(rule.action))
    fail(`${at}.action`, `must be one of ${RULE_ACTIONS.join(", ")}`);
  if (
    typeof rule.pattern !== "string" ||
    rule.pattern.length === 0 ||
    rule.pattern.length > MAX_PATTERN_LENGTH
  )
    fail(`${at}.pattern`, `must be 1 to ${MAX_PATTERN_LENGTH} characters`);
  if (rule.action === "redirect") {
    if (typeof rule.redirectUrl !== "string" || !isHttpsUrl(rule.redirectUrl))
      fail(`${at}.redirectUrl`, "must be an https URL for a redirect rule");
  } else if (rule.redirectUrl !== undefined)
    fail(`${at}.redirectUrl`, "is only allowed on redirect rules");
}

/** An origin as the tenant stores it: scheme, host and port only; https unless allowed. */
function originProblem(origin: unknown, insecureAllowed: boolean): string | undefined {
  if (typeof origin !== "string") return "must be a string";
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return "is not a URL";
  }
  if (url.origin.toLowerCase() !== origin.toLowerCase())
    return "must be an origin: scheme, host and port, with no path";
  // The tenant matches origins exactly; it stores no patterns.
  if (origin.includes("*") || !/^[a-z0-9_.-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname))
    return "must name one host: no wildcard, and only letters, digits, -, _ and . in the host";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && (insecureAllowed || LOOPBACK_HOSTS.includes(url.hostname)))
    return undefined;
  return "must be https (http only with allowInsecureOrigins, or on loopback)";
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === "https:";
  } catch {
    return false;
  }
}
