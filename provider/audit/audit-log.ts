import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import canonicalize from "canonicalize";
import { ensureAuditDirectory } from "./audit-directory";

/** Where audit lines go when neither `cxone:auditDir` nor `CXONE_AUDIT_DIR` says. */
export const DEFAULT_AUDIT_DIR = ".cxone-audit";

/** The file inside the audit directory. */
export const AUDIT_FILE = "audit.jsonl";

/** The `prevHash` of the first line. */
export const GENESIS_HASH = "0".repeat(64);

/** One deployment step, as recorded. */
export interface AuditEvent {
  readonly resource: "WebchatSecurityPolicy" | "WafWebhook";
  readonly widgetId: string;
  readonly action: "create" | "update" | "delete";
  readonly digestBefore: string | null;
  readonly digestAfter: string | null;
  readonly latencyMs: number;
  /**
   * `undelivered`: a WAF removal event that could not get through, which the webhook's
   * `allowUndeliveredRemoval` let the destroy go past. `left`: a policy delete that wrote
   * nothing, because another stack has since taken the widget over (`error` names it).
   */
  readonly outcome: "success" | "failure" | "undelivered" | "left";
  /** CXone request ids, or WAF delivery ids. */
  readonly requestIds: readonly string[];
  /** The (already redacted) error message of a failure. */
  readonly error?: string;
  /**
   * A policy delete with `onDelete: clear` that left unrestored a policy the widget had before
   * the stack adopted it: that policy's exact JSON, so that clearing loses nothing.
   */
  readonly discardedPolicyJson?: string;
  /** The properties an update changed, when it wrote or delivered nothing (for example a webhook's `allowUndeliveredRemoval`). */
  readonly changed?: readonly string[];
}

/** A line of the audit file: the event, when, and its place in the hash chain. */
export interface AuditLine extends AuditEvent {
  readonly time: string;
  /** SHA-256 of the previous line's text, or {@link GENESIS_HASH}. */
  readonly prevHash: string;
  /** SHA-256 of this line's canonical JSON without `hash`: an edit to any field breaks it. */
  readonly hash: string;
}

/** SHA-256 hex of a text. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The hash a line must carry: over its RFC 8785 canonical form without the hash itself. */
export function lineHash(line: Omit<AuditLine, "hash">): string {
  return sha256(canonicalize(line) ?? "");
}

const queues = new Map<string, Promise<void>>();

function lastLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "");
  return lines[lines.length - 1];
}

/**
 * Appends one event to `<dir>/audit.jsonl`, chained to the line before it. Appends from one
 * process are queued per file, and each line is written with a single append, so concurrent
 * writers never interleave partial lines and every prevHash names the line really before it.
 * Callers pass events that hold no secret; messages are redacted before they get here.
 */
export function appendAudit(
  dir: string,
  event: AuditEvent,
  now: () => Date = () => new Date(),
): Promise<AuditLine> {
  const file = join(dir, AUDIT_FILE);
  const previous = queues.get(file) ?? Promise.resolve();
  const result = previous.then(() => {
    ensureAuditDirectory(dir);
    const prior = lastLine(file);
    const unsigned = {
      time: now().toISOString(),
      ...event,
      prevHash: prior === undefined ? GENESIS_HASH : sha256(prior),
    };
    const line: AuditLine = { ...unsigned, hash: lineHash(unsigned) };
    appendFileSync(file, `${JSON.stringify(line)}\n`, { encoding: "utf8", mode: 0o600 });
    return line;
  });
  queues.set(
    file,
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  return result;
}
