import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { ModuleRequire } from "../audit/s3-sdk";
import { openSink } from "../audit/audit-sinks";
import type { ChainLink } from "../audit/audit-log";
import {
  digestsFromAudit,
  digestsFromState,
  recordedDigest,
  type AuditDigest,
  type StateDigest,
} from "../inventory/recorded-digests";
import {
  coverageLine,
  SCAN_FAILURES,
  scanExitCode,
  scanRow,
  scanTable,
  summarize,
  type GuardrailFinding,
  type ScanFailure,
} from "../inventory/scan-report";
import {
  commandContext,
  commandFailure,
  openCommandTenant,
  type CommandIo,
} from "./command-tenant";
import { GuardrailChecks } from "./guardrail-checks";
import {
  GUARDRAILS_INSTALL,
  GUARDRAILS_PACKAGE,
  guardrailsModule,
  readGuardrailsConfig,
  UNMANAGED_STACK,
  type GuardrailSetting,
} from "./guardrails";
import { readWidgets } from "./read-widgets";
import { exportStack, readStateFile } from "./stack-anchors";
import { widgetIds } from "./widget-ids";

/** The exit codes of `scan`. */
export const SCAN_EXIT = {
  /** No widget shows what `--fail-on` names. */
  ok: 0,
  /** A widget shows what `--fail-on` names: drift, a violation, or no stack managing it. */
  failed: 1,
  /** The scan could not run: bad arguments, settings, ids, tenant, state or guardrails. */
  cannotRun: 2,
} as const;

/** What `scan` fails on when `--fail-on` is not given. */
export const DEFAULT_FAIL_ON: readonly ScanFailure[] = ["drift", "violation"];

/** Pure: the `--fail-on` list; throws naming a word that is not one of {@link SCAN_FAILURES}. */
export function parseFailOn(text: string | undefined): ScanFailure[] {
  if (text === undefined) return [...DEFAULT_FAIL_ON];
  const words = text.split(",").map((w) => w.trim());
  if (words.length === 1 && words[0] === "none") return [];
  return words.map((word) => {
    const failure = SCAN_FAILURES.find((f) => f === word);
    if (failure === undefined)
      throw new Error(
        `--fail-on ${text}: "${word}" is not one of ${SCAN_FAILURES.join(", ")} (or none)`,
      );
    return failure;
  });
}

/** How `scan` finds the guardrails pack: Node's require, or a test's. */
export interface ScanOptions {
  /** @default require */
  readonly load?: ModuleRequire;
}

/** Every line of an audit location's chain, in order. */
async function chainOf(location: string, env: NodeJS.ProcessEnv): Promise<ChainLink[]> {
  const links: ChainLink[] = [];
  for await (const link of openSink(location, "--audit", { env }).read()) links.push(link);
  return links;
}

/**
 * `pulumi-cxone-webchat scan`: for every widget of the tenant (or the ids given), which stack
 * manages it, whether its live policy has the digest that stack recorded (from `--stack` or
 * `--state`, else the audit trail of `--audit`), what today's validation and the guardrails
 * pack's guardrails find; a table, or JSON with `--json`, and a coverage line. One GET per widget,
 * paced as the provider paces. Returns the exit code (see {@link SCAN_EXIT}).
 */
export async function scanCommand(
  args: readonly string[],
  io: CommandIo,
  options: ScanOptions = {},
): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        ids: { type: "string" },
        "ids-file": { type: "string" },
        stack: { type: "string", multiple: true },
        state: { type: "string", multiple: true },
        audit: { type: "string" },
        "guardrails-config": { type: "string" },
        json: { type: "boolean", default: false },
        "fail-on": { type: "string" },
      },
    }).values;
  } catch (error) {
    io.err(`scan: ${(error as Error).message}`);
    return SCAN_EXIT.cannotRun;
  }
  const context = commandContext(io);
  const stacks = values.stack ?? [];
  let checks: GuardrailChecks | undefined;
  try {
    const failOn = parseFailOn(values["fail-on"]);
    const file = guardrailsModule(options.load);
    const configFile = values["guardrails-config"];
    if (file === undefined && configFile !== undefined)
      throw new Error(
        `--guardrails-config needs the guardrails pack, ${GUARDRAILS_PACKAGE}, which is not installed; install it in the project: ${GUARDRAILS_INSTALL}`,
      );
    if (file === undefined)
      io.err(
        `guardrails not checked: ${GUARDRAILS_PACKAGE} is not installed (install it with ${GUARDRAILS_INSTALL})`,
      );
    const settings =
      configFile === undefined
        ? new Map<string, GuardrailSetting>()
        : readGuardrailsConfig(resolve(io.cwd, configFile));
    // A widget no stack manages is checked where export would adopt it: the first --stack.
    const unmanagedStack = stacks[0]?.split("/").pop() ?? UNMANAGED_STACK;
    checks =
      file === undefined
        ? undefined
        : new GuardrailChecks(file, settings, configFile, unmanagedStack);
    const tenant = openCommandTenant(stacks[0], io, context);
    const states: StateDigest[] = [];
    for (const stack of stacks)
      states.push(...readState(() => exportStack(stack, io.cwd, io.env), `--stack ${stack}`));
    for (const file of values.state ?? [])
      states.push(...readState(() => readStateFile(resolve(io.cwd, file)), `--state ${file}`));
    let audit = new Map<string, AuditDigest>();
    if (values.audit !== undefined) {
      try {
        audit = digestsFromAudit(await chainOf(values.audit, io.env));
      } catch (error) {
        throw new Error(
          `--audit ${values.audit}: cannot read the audit trail: ${(error as Error).message}`,
        );
      }
    }
    const { ids } = await widgetIds(
      { ids: values.ids, idsFile: values["ids-file"] },
      tenant.client,
      io.cwd,
    );
    const reads = await readWidgets(tenant.client, ids, {
      onRead: (widget) => checks?.check(widget),
    });
    if (reads.unknown.length > 0) {
      for (const id of reads.unknown) io.err(`widget ${id}: not found on ${tenant.description}`);
      io.err(
        `${reads.unknown.length} of ${ids.length} widget id(s) unknown on ${tenant.description}: correct or remove them`,
      );
      return SCAN_EXIT.cannotRun;
    }
    const guardrails = await checks?.results();
    const findings = guardrails?.findings ?? new Map<string, GuardrailFinding[]>();
    const rows = [...reads.widgets]
      .sort((a, b) => compare(a.widgetId, b.widgetId))
      .map((widget) =>
        scanRow(widget, recordedDigest(widget, states, audit), findings.get(widget.widgetId) ?? []),
      );
    const summary = summarize(rows);
    if (values.json)
      io.out(
        JSON.stringify(
          {
            tenant: tenant.description,
            guardrails:
              guardrails === undefined
                ? { checked: false, install: GUARDRAILS_INSTALL }
                : { checked: true, names: guardrails.guardrails },
            failOn,
            widgets: rows,
            summary,
            coverage: coverageLine(summary),
          },
          null,
          2,
        ),
      );
    else io.out(scanTable(rows, summary).replace(/\n$/, ""));
    return scanExitCode(rows, failOn);
  } catch (error) {
    io.err(commandFailure("scan", error, context));
    return SCAN_EXIT.cannotRun;
  } finally {
    await checks?.close();
  }
}

function readState(read: () => unknown, source: string): StateDigest[] {
  try {
    return digestsFromState(read());
  } catch (error) {
    throw new Error(`${source}: cannot read the state: ${(error as Error).message}`);
  }
}

/** Code-unit order, the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
