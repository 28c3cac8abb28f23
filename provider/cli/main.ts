#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { DEFAULT_AUDIT_DIR } from "../audit/audit-log";
import { DEFAULT_SPOOL_DIR } from "../audit/audit-spool";
import { policyDigest } from "../policy/digest";
import { validatePolicy } from "../policy/validate";
import type { Violation } from "../errors/input-errors";
import type { SecurityPolicy } from "../policy/schema";
import { checkPolicyInputs } from "../resources/policy/check";
import { policyPart } from "../resources/policy/state";
import { verifyAudit } from "./audit-verify";
import { exportCommand } from "./export-command";
import { GUARDRAILS_INSTALL } from "./guardrails";
import { scanCommand } from "./scan-command";

const USAGE = `Usage:
  pulumi-cxone-webchat validate <policy.json|policy.yaml>
      Validates a policy (or WebchatSecurityPolicy arguments, with widgetId) with the same
      rules and messages as pulumi preview. Prints the digest when valid. Exit 1 when invalid.
  pulumi-cxone-webchat audit verify [<dir> | s3://bucket/prefix?endpoint=...] [--stack <name> | --state <file>]
      Checks the audit chain (default: CXONE_AUDIT, CXONE_AUDIT_DIR, else ${DEFAULT_AUDIT_DIR}) and
      prints the first broken or missing line by its sequence number. With --stack (the state of
      that stack, through pulumi stack export in this directory) or --state (a file written by
      pulumi stack export), also checks that the chain holds every resource's last line
      (auditHash), which catches lines cut off the end and a rewritten chain. With
      CXONE_AUDIT_KEY, checks that the head is signed with it. Reports lines still spooled in
      CXONE_AUDIT_SPOOL (default ${DEFAULT_SPOOL_DIR}), and lines the state says were spooled
      elsewhere. S3 credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Exit 1
      when broken or missing a line, 2 when it cannot be read, 3 when intact but lines still wait
      in a spool.
  pulumi-cxone-webchat export [--ids <id>,<id> | --ids-file <file>] [--stack <name>]
                              [--format yaml|ts] [--out <path>] [--force] [--skip-invalid]
      Reads widgets from the tenant (every widget the tenant lists, or the ids given; with
      --stack, that stack's cxone:* config through pulumi config in this directory, else the
      CXONE_* environment, as the provider reads it) and writes the many-widgets example's
      widgets.yaml, or with --format ts (or an --out ending in .ts) a TypeScript program, in
      widget id order, each with its livePolicyDigest. Writes to stdout without --out; never
      replaces an existing --out without --force. Widgets another stack manages, widgets with no
      policy and widgets whose live policy today's rules refuse are left out, each said on
      stderr and listed as comments at the end. Exit 1 when a widget was left out because its
      policy is refused (unless --skip-invalid), 2 when it cannot run (a tenant without a list
      of widgets needs --ids or --ids-file).
  pulumi-cxone-webchat scan [--ids <id>,<id> | --ids-file <file>] [--stack <name>]... [--state <file>]...
                            [--audit <dir | s3://...>] [--guardrails-config <file>] [--json]
                            [--fail-on drift,violation,unmanaged | none]
      For every widget (or the ids given): the stack that manages it, whether its live policy has
      the digest that stack recorded (its state, through pulumi stack export for each --stack or
      from each --state file; else the audit trail at --audit), today's validation, and the
      guardrails pack's rules (with --guardrails-config, the file pulumi preview
      --policy-pack-config takes); a widget no stack manages is checked as if on the first
      --stack. The tenant is the first --stack's, else the environment's. A table, or JSON
      with --json, ending with a coverage line. Without the pack (${GUARDRAILS_INSTALL}),
      guardrails are skipped, or with --guardrails-config it cannot run. Exit 1 when a widget
      shows what --fail-on names (default drift,violation), 2 when it cannot run.`;

/**
 * Runs the command line; resolves to the exit code. Output goes through `out` and `err`.
 *
 * @param env @default process.env
 * @param cwd where `pulumi stack export` runs @default process.cwd()
 */
export async function run(
  args: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "validate" && rest.length === 1 && rest[0] !== undefined)
    return validate(rest[0], out, err);
  if (command === "export") return exportCommand(rest, { out, err, env, cwd });
  if (command === "scan") return scanCommand(rest, { out, err, env, cwd });
  if (command === "audit" && rest[0] === "verify") {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest.slice(1),
        allowPositionals: true,
        options: { stack: { type: "string" }, state: { type: "string" } },
      });
    } catch (error) {
      err(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    const { positionals, values } = parsed;
    if (positionals.length <= 1 && !(values.stack !== undefined && values.state !== undefined))
      return verifyAudit(
        { location: positionals[0], stack: values.stack, stateFile: values.state },
        out,
        err,
        env,
        cwd,
      );
  }
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

if (require.main === module) {
  void run(process.argv.slice(2), console.log, console.error).then((code) => {
    process.exitCode = code;
  });
}
