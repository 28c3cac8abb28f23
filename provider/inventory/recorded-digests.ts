import { z } from "zod";
import { exportedResources } from "../dynamic/stack-export";
import { stackOfClaim } from "../policy/ownership";
import { WEBCHAT_SECURITY_POLICY_TYPE } from "../resources/type-tokens";
import type { LiveWidget } from "./live-widget";
import type { RecordedDigest } from "./scan-report";

/** The digest a stack's state records for one widget's policy. */
export interface StateDigest {
  /** `<project>/<stack>`, as a claim names it. */
  readonly stack: string;
  readonly widgetId: string;
  readonly digest: string;
}

/**
 * Pure: the policy digest of every `WebchatSecurityPolicy` in an exported deployment, with its
 * stack (from its URN, `urn:pulumi:<stack>::<project>::...`). Throws, saying what it expected,
 * when the value is not an exported deployment.
 */
export function digestsFromState(exported: unknown): StateDigest[] {
  return exportedResources(exported).flatMap(({ urn, type, outputs }) => {
    // `urn:pulumi:<stack>::<project>::<type, which has single colons>::<name>`
    const [head = "", project = "", urnType = ""] = urn.split("::");
    const stack = /^urn:pulumi:(.+)$/.exec(head)?.[1];
    const { widgetId, policyDigest } = outputs ?? {};
    if (
      stack === undefined ||
      (type ?? urnType) !== WEBCHAT_SECURITY_POLICY_TYPE ||
      typeof widgetId !== "string" ||
      typeof policyDigest !== "string"
    )
      return [];
    return [{ stack: `${project}/${stack}`, widgetId, digest: policyDigest }];
  });
}

/** The fields of an audit line this reads. */
const auditLineSchema = z.looseObject({
  resource: z.string(),
  widgetId: z.string(),
  digestAfter: z.string().nullable(),
  outcome: z.string(),
});

/** The digest the audit trail's last successful write of a widget's policy left, and its line. */
export interface AuditDigest {
  readonly digest: string | null;
  readonly line: number;
}

/**
 * Pure: for each widget, what the last successful `WebchatSecurityPolicy` step of the audit
 * trail left its policy at (null after a delete), by line. Lines of another shape are skipped:
 * `audit verify` is the command that judges the chain.
 */
export function digestsFromAudit(
  lines: Iterable<{ readonly seq: number; readonly text: string }>,
): Map<string, AuditDigest> {
  const digests = new Map<string, AuditDigest>();
  for (const { seq, text } of lines) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const line = auditLineSchema.safeParse(value);
    if (
      line.success &&
      line.data.resource === "WebchatSecurityPolicy" &&
      line.data.outcome === "success"
    )
      digests.set(line.data.widgetId, { digest: line.data.digestAfter, line: seq });
  }
  return digests;
}

/**
 * Pure: what the stack that claims `widget` recorded for its policy: its state's digest, when its
 * state was given, else the audit trail's last write of the widget; undefined when neither holds
 * one (or the widget is unclaimed). The state wins: it is what the next `up` compares with.
 */
export function recordedDigest(
  widget: LiveWidget,
  states: readonly StateDigest[],
  audit: ReadonlyMap<string, AuditDigest>,
): RecordedDigest | undefined {
  if (widget.claim === undefined) return undefined;
  const stack = stackOfClaim(widget.claim);
  const state = states.find((s) => s.stack === stack && s.widgetId === widget.widgetId);
  if (state !== undefined) return { digest: state.digest, source: `state of stack ${stack}` };
  const line = audit.get(widget.widgetId);
  if (line === undefined || line.digest === null) return undefined;
  return { digest: line.digest, source: `audit trail line ${line.line}` };
}
