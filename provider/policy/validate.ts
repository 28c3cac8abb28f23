import type { z } from "zod";
import { PolicyValidationError, type Violation } from "../errors/input-errors";
import { describeValue, formatPath } from "./describe-value";
import { normalizeOrigin } from "./origin";
import { policyInputSchema, type Rule, type SecurityPolicy } from "./schema";
import { unsafeTextIn } from "./unsafe-text";
import { findXssVector } from "./xss";

/** Either the normalized policy, or every violation found. */
export type ValidationResult =
  | { readonly ok: true; readonly policy: SecurityPolicy }
  | { readonly ok: false; readonly violations: readonly Violation[] };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function fromZodIssue(issue: z.core.$ZodIssue, input: unknown): Violation[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      reason: `unknown property "${key}": not part of a webchat security policy (check its spelling)`,
    }));
  }
  const value = valueAt(input, issue.path);
  // A list that is too long is named by its length: its contents say nothing about the rule.
  const sized = issue.code === "too_big" || issue.code === "too_small";
  const shown =
    sized && Array.isArray(value) ? `has ${value.length} entries and` : describeValue(value);
  const reason = value === undefined ? "is required" : `${shown} ${issue.message}`;
  return [{ path: formatPath(issue.path), reason }];
}

/** Checks that need several fields, or more than a type: run on whatever parts are well typed. */
function crossFieldViolations(input: Json): Violation[] {
  const violations: Violation[] = [];
  if (Array.isArray(input.corsOrigins))
    violations.push(...originViolations(input.corsOrigins, input.allowInsecureOrigins === true));
  if (isRecord(input.authentication)) {
    const { requireToken, tokenExpiryMinutes } = input.authentication;
    if (requireToken === true && tokenExpiryMinutes === undefined) {
      violations.push({
        path: "authentication.tokenExpiryMinutes",
        reason: "is required when requireToken is true: tokens must expire",
      });
    }
  }
  if (Array.isArray(input.rules)) {
    const ids = new Map<string, number>();
    input.rules.forEach((rule: unknown, index) => {
      if (isRecord(rule)) violations.push(...ruleViolations(rule, index, ids));
    });
  }
  return violations;
}

/** Each origin that cannot be normalized, or that normalizes to one listed before it. */
function originViolations(origins: readonly unknown[], allowInsecure: boolean): Violation[] {
  const violations: Violation[] = [];
  const seen = new Map<string, { index: number; text: string }>();
  origins.forEach((entry, index) => {
    if (typeof entry !== "string") return;
    const result = normalizeOrigin(entry, allowInsecure);
    if (!result.ok) {
      violations.push({
        path: `corsOrigins[${index}]`,
        reason: `${describeValue(entry)} ${result.requirement}`,
      });
      return;
    }
    const first = seen.get(result.origin);
    if (first !== undefined) {
      violations.push({
        path: `corsOrigins[${index}]`,
        reason:
          `${describeValue(entry)} duplicates corsOrigins[${first.index}] ${describeValue(first.text)}: ` +
          `both are the origin ${result.origin}`,
      });
    } else {
      seen.set(result.origin, { index, text: entry });
    }
  });
  return violations;
}

/**
 * What is wrong with one rule beyond its types: a repeated id (`ids` holds those seen before,
 * and gains this one), its pattern, and its redirect target.
 */
function ruleViolations(rule: Json, index: number, ids: Map<string, number>): Violation[] {
  const violations: Violation[] = [];
  const at = (field: string) => `rules[${index}].${field}`;
  if (typeof rule.id === "string" && rule.id !== "") {
    const first = ids.get(rule.id);
    if (first !== undefined) {
      violations.push({
        path: at("id"),
        reason: `${describeValue(rule.id)} is already the id of rules[${first}]; rule ids must be unique`,
      });
    } else {
      ids.set(rule.id, index);
    }
  }
  if (typeof rule.pattern === "string") {
    const problem = patternProblem(rule.pattern);
    if (problem !== undefined) violations.push({ path: at("pattern"), reason: problem });
  }
  if (rule.action === "redirect" && rule.redirectUrl === undefined) {
    violations.push({ path: at("redirectUrl"), reason: "is required when action is redirect" });
  }
  if (typeof rule.redirectUrl === "string") {
    if (typeof rule.action === "string" && rule.action !== "redirect") {
      violations.push({
        path: at("redirectUrl"),
        reason: `${describeValue(rule.redirectUrl)} only applies to redirect rules, and this rule's action is ${describeValue(rule.action)}`,
      });
    }
    const problem = redirectUrlProblem(rule.redirectUrl);
    if (problem !== undefined) {
      violations.push({
        path: at("redirectUrl"),
        reason: `${describeValue(rule.redirectUrl)} ${problem}`,
      });
    }
  }
  return violations;
}

/**
 * Why a pattern is refused, or undefined. A raw angle bracket is one problem, told once, with
 * the vector it makes if any.
 */
function patternProblem(pattern: string): string | undefined {
  const found = findXssVector(pattern);
  const xss =
    found === undefined
      ? undefined
      : `the script-injection vector ${describeValue(found.vector)} (after decoding; forbidden: ${found.form})`;
  if (/[<>]/.test(pattern))
    return (
      `${describeValue(pattern)} contains < or >; CXone strips angle brackets, ` +
      "so the deployed rule would differ from the declared one" +
      (xss === undefined ? "" : `, and it holds ${xss}`)
    );
  if (xss !== undefined)
    return `${describeValue(pattern)} contains ${xss}; such patterns are rejected, not rewritten`;
  return undefined;
}

function redirectUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL";
  }
  if (url.protocol !== "https:") return `must use https, not ${url.protocol}`;
  if (url.username !== "" || url.password !== "")
    return "must not carry user info (user:password@): every visitor the rule redirects would receive it";
  const found = findXssVector(text);
  if (found !== undefined) {
    return `contains the script-injection vector ${describeValue(found.vector)} (after decoding; forbidden: ${found.form})`;
  }
  return undefined;
}

function normalizeRule(rule: Rule): Rule {
  const out: Rule = { id: rule.id, action: rule.action, pattern: rule.pattern };
  if (rule.redirectUrl !== undefined) out.redirectUrl = new URL(rule.redirectUrl).href;
  return out;
}

/**
 * Validates a policy and returns its normalized copy, or every violation at once.
 *
 * Never throws and never mutates `input`, whatever it is: it is the first thing every hook runs,
 * before any network call, on values straight from user programs. Normalization is idempotent:
 * validating a normalized policy returns it unchanged.
 */
export function validatePolicy(input: unknown): ValidationResult {
  const parsed = policyInputSchema.safeParse(input);
  const violations: Violation[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => fromZodIssue(issue, input));
  if (isRecord(input)) violations.push(...crossFieldViolations(input));
  for (const { path, problem } of unsafeTextIn(input))
    violations.push({ path: formatPath(path), reason: problem });
  if (!parsed.success || violations.length > 0) return { ok: false, violations };

  const data = parsed.data;
  const allowInsecureOrigins = data.allowInsecureOrigins ?? false;
  const corsOrigins = data.corsOrigins
    .map((entry) => {
      const result = normalizeOrigin(entry, allowInsecureOrigins);
      if (!result.ok) throw new Error(`unreachable: ${result.requirement}`);
      return result.origin;
    })
    .sort();
  const authentication: SecurityPolicy["authentication"] = {
    requireToken: data.authentication.requireToken,
  };
  if (data.authentication.tokenExpiryMinutes !== undefined) {
    authentication.tokenExpiryMinutes = data.authentication.tokenExpiryMinutes;
  }
  return {
    ok: true,
    policy: {
      corsOrigins,
      authentication,
      rules: (data.rules ?? []).map(normalizeRule),
      allowInsecureOrigins,
    },
  };
}

/** Like {@link validatePolicy}, but throws a {@link PolicyValidationError} listing every violation. */
export function parsePolicy(input: unknown): SecurityPolicy {
  const result = validatePolicy(input);
  if (!result.ok) throw new PolicyValidationError(result.violations);
  return result.policy;
}
