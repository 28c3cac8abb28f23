import { resourceOfClaim, stackOfClaim } from "../policy/ownership";
import type { LiveWidget } from "./live-widget";

/** A digest a stack recorded for the policy it manages, and where it was read. */
export interface RecordedDigest {
  readonly digest: string;
  /** For people: `state of stack proj/dev`, `audit trail line 42`. */
  readonly source: string;
}

/** A guardrail a widget's policy breaks, as the policy pack's rule says it. */
export interface GuardrailFinding {
  /** The pack's policy name, such as `webchat-secure-origins`. */
  readonly guardrail: string;
  readonly level: "mandatory" | "advisory";
  readonly message: string;
}

/** Whether the live policy is the one its stack recorded. */
export type DriftState =
  /** The live policy has the digest the managing stack recorded. */
  | "in-sync"
  /** It has another, or none: someone changed it outside the stack. */
  | "drifted"
  /** A stack manages it, but neither its state nor the audit trail was given to compare with. */
  | "unknown"
  /** No stack manages it. */
  | "unmanaged";

/** One widget's line of a scan. */
export interface ScanRow {
  readonly widgetId: string;
  readonly name: string | undefined;
  /** `<project>/<stack>` and resource of the claim, or null when no stack manages it. */
  readonly managedBy: { readonly stack: string; readonly resource: string } | null;
  readonly drift: DriftState;
  /** The live policy's digest, or null when it has none or today's rules refuse it. */
  readonly liveDigest: string | null;
  readonly recorded: RecordedDigest | null;
  readonly hasPolicy: boolean;
  /** Every violation of today's validation, as `path: reason`. */
  readonly validation: readonly string[];
  readonly guardrails: readonly GuardrailFinding[];
}

/** What a scan can fail on, for a CI gate. */
export const SCAN_FAILURES = ["drift", "violation", "unmanaged"] as const;

/** One of {@link SCAN_FAILURES}. */
export type ScanFailure = (typeof SCAN_FAILURES)[number];

/** The counts a scan ends with. */
export interface ScanSummary {
  readonly widgets: number;
  readonly underCode: number;
  readonly inSync: number;
  readonly drifted: number;
  readonly unknown: number;
  readonly unmanaged: number;
  /** Widgets whose policy breaks today's validation or a mandatory guardrail. */
  readonly inViolation: number;
  readonly withoutPolicy: number;
}

/**
 * Pure: one widget's row. `recorded` is the digest the claiming stack recorded for it, when its
 * state or the audit trail was given; `guardrails` what the pack's rules found.
 */
export function scanRow(
  widget: LiveWidget,
  recorded: RecordedDigest | undefined,
  guardrails: readonly GuardrailFinding[],
): ScanRow {
  const { standing, claim } = widget;
  const liveDigest = standing.kind === "valid" ? standing.digest : null;
  const drift: DriftState =
    claim === undefined
      ? "unmanaged"
      : recorded === undefined
        ? "unknown"
        : recorded.digest === liveDigest
          ? "in-sync"
          : "drifted";
  return {
    widgetId: widget.widgetId,
    name: widget.name,
    managedBy:
      claim === undefined ? null : { stack: stackOfClaim(claim), resource: resourceOfClaim(claim) },
    drift,
    liveDigest,
    recorded: recorded ?? null,
    hasPolicy: standing.kind !== "none",
    validation:
      standing.kind === "invalid" ? standing.violations.map((v) => `${v.path}: ${v.reason}`) : [],
    guardrails,
  };
}

/** True when the row breaks today's validation or a mandatory guardrail. */
export function inViolation(row: ScanRow): boolean {
  return row.validation.length > 0 || row.guardrails.some((g) => g.level === "mandatory");
}

/** Pure: the counts of a scan. */
export function summarize(rows: readonly ScanRow[]): ScanSummary {
  const count = (test: (row: ScanRow) => boolean) => rows.filter(test).length;
  return {
    widgets: rows.length,
    underCode: count((r) => r.managedBy !== null),
    inSync: count((r) => r.drift === "in-sync"),
    drifted: count((r) => r.drift === "drifted"),
    unknown: count((r) => r.drift === "unknown"),
    unmanaged: count((r) => r.drift === "unmanaged"),
    inViolation: count(inViolation),
    withoutPolicy: count((r) => !r.hasPolicy),
  };
}

/** The coverage line: how much of the tenant is under code, drifted, in violation. */
export function coverageLine(summary: ScanSummary): string {
  const share = summary.widgets === 0 ? 0 : Math.round((summary.underCode / summary.widgets) * 100);
  return (
    `coverage: ${summary.underCode} of ${summary.widgets} widgets under code (${share}%), ` +
    `${summary.inSync} in sync, ${summary.drifted} drifted, ${summary.unknown} not compared; ` +
    `${summary.inViolation} in violation; ${summary.withoutPolicy} without a policy`
  );
}

/**
 * The exit code a CI job gates on: 1 when any widget shows one of `failOn`, else 0. (2 is the
 * command's own: the scan could not run.)
 */
export function scanExitCode(rows: readonly ScanRow[], failOn: readonly ScanFailure[]): 0 | 1 {
  const fails = (row: ScanRow) =>
    (failOn.includes("drift") && row.drift === "drifted") ||
    (failOn.includes("violation") && inViolation(row)) ||
    (failOn.includes("unmanaged") && row.drift === "unmanaged" && row.hasPolicy);
  return rows.some(fails) ? 1 : 0;
}

/** The scan as a table for people: one line per widget, then the findings, then the coverage. */
export function scanTable(rows: readonly ScanRow[], summary: ScanSummary): string {
  const header = ["WIDGET", "MANAGED BY", "DRIFT", "VALIDATION", "GUARDRAILS"];
  const cells = rows.map((r) => [
    r.widgetId,
    r.managedBy === null ? "-" : `${r.managedBy.stack} (${r.managedBy.resource})`,
    r.drift,
    r.hasPolicy
      ? r.validation.length === 0
        ? "ok"
        : `${r.validation.length} violation(s)`
      : "no policy",
    r.guardrails.length === 0
      ? "ok"
      : r.guardrails.map((g) => `${g.guardrail} [${g.level}]`).join(", "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: readonly string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const findings = rows.flatMap((r) => [
    ...(r.drift === "drifted"
      ? [
          `${r.widgetId}: drifted: live ${r.liveDigest ?? "(none by today's rules)"}, ` +
            `recorded ${r.recorded?.digest ?? ""} (${r.recorded?.source ?? ""})`,
        ]
      : []),
    ...r.validation.map((v) => `${r.widgetId}: ${v}`),
    ...r.guardrails.map((g) => `${r.widgetId}: ${g.guardrail} [${g.level}]: ${g.message}`),
  ]);
  return [
    line(header),
    ...cells.map(line),
    ...(findings.length === 0 ? [] : ["", ...findings]),
    "",
    coverageLine(summary),
    "",
  ].join("\n");
}
