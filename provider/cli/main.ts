#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { DEFAULT_AUDIT_DIR } from "../audit/audit-log";
import { verifyAuditChain } from "../audit/verify-audit";
import { policyDigest } from "../policy/digest";
import { validatePolicy } from "../policy/validate";
import type { Violation } from "../errors/policy-validation-error";
import type { SecurityPolicy } from "../policy/schema";
import { checkPolicyInputs } from "../resources/policy/check";
import { policyPart } from "../resources/policy/state";

const USAGE = `Usage:
  pulumi-cxone-webchat validate <policy.json|policy.yaml>
      Validates a policy (or WebchatSecurityPolicy arguments, with widgetId) with the same
      rules and messages as pulumi preview. Prints the digest when valid. Exit 1 when invalid.
  pulumi-cxone-webchat audit verify [dir]
      Checks the hash chain of <dir>/audit.jsonl (default ${DEFAULT_AUDIT_DIR}) and points at the
      first broken line. Exit 1 when broken.`;

/** Runs the command line; returns the exit code. Output goes through `out` and `err`. */
export function run(
  args: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const [command, ...rest] = args;
  if (command === "validate" && rest.length === 1 && rest[0] !== undefined)
    return validate(rest[0], out, err);
  if (command === "audit" && rest[0] === "verify" && rest.length <= 2)
    return verifyAudit(rest[1] ?? DEFAULT_AUDIT_DIR, out, err);
  err(USAGE);
  return 2;
}

function validate(file: string, out: (line: string) => void, err: (line: string) => void): number {
  let data: unknown;
  try {
    const text = readFileSync(file, "utf8");
    data = [".yaml", ".yml"].includes(extname(file).toLowerCase())
      ? parseYaml(text)
      : JSON.parse(text);
  } catch (error) {
    err(
      `${file}: cannot read it as ${/\.ya?ml$/i.test(file) ? "YAML" : "JSON"}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  let policy: SecurityPolicy;
  if (typeof data === "object" && data !== null && "widgetId" in data) {
    // WebchatSecurityPolicy arguments: the resource's own check, exactly as preview runs it.
    const { inputs, failures } = checkPolicyInputs(data as Record<string, unknown>);
    if (failures.length > 0) return reportViolations(file, failures, err);
    policy = policyPart(inputs as SecurityPolicy);
  } else {
    const result = validatePolicy(data);
    if (!result.ok) return reportViolations(file, result.violations, err);
    policy = result.policy;
  }
  out(`${file}: valid; policyDigest ${policyDigest(policy)}`);
  return 0;
}

function reportViolations(
  file: string,
  violations: readonly Violation[],
  err: (line: string) => void,
): number {
  for (const v of violations) err(`${file}: ${v.path}: ${v.reason}`);
  err(`${violations.length} ${violations.length === 1 ? "problem" : "problems"}`);
  return 1;
}

function verifyAudit(
  dir: string,
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  let result;
  try {
    result = verifyAuditChain(dir);
  } catch (error) {
    err(
      `${dir}: cannot read the audit file: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  if (result.ok) {
    out(`${dir}: audit chain intact (${result.lines} lines)`);
    return 0;
  }
  err(`${dir}: audit chain broken at line ${result.line}: ${result.reason}`);
  return 1;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), console.log, console.error);
}
