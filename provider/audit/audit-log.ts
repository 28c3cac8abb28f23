import { createHash, createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";

/** Where audit lines go when neither `cxone:audit` nor `cxone:auditDir` (nor their env) says. */
export const DEFAULT_AUDIT_DIR = ".cxone-audit";

/** The file that release 0.1 appended every line to; read, never written, since. */
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
  /** How the step's outcome differs from what was asked, for people: why, and what was done instead. */
  readonly note?: string;
  /**
   * The exact JSON of what the widget's `settings` was before adoption, when a restore could not
   * give it back as it was (a tenant that refuses `settings: null`), so that nothing is lost.
   */
  readonly originalSettingsJson?: string;
}

/** An {@link AuditEvent} read back from where it was kept (a spool entry). */
export const auditEventSchema = z.object({
  resource: z.enum(["WebchatSecurityPolicy", "WafWebhook"]),
  widgetId: z.string(),
  action: z.enum(["create", "update", "delete"]),
  digestBefore: z.string().nullable(),
  digestAfter: z.string().nullable(),
  latencyMs: z.number(),
  outcome: z.enum(["success", "failure", "undelivered", "left"]),
  requestIds: z.array(z.string()).readonly(),
  error: z.string().optional(),
  discardedPolicyJson: z.string().optional(),
  changed: z.array(z.string()).readonly().optional(),
  note: z.string().optional(),
  originalSettingsJson: z.string().optional(),
}) satisfies z.ZodType<AuditEvent>;

/** A line of the audit trail: the event, when, and its place in the hash chain. */
export interface AuditLine extends AuditEvent {
  /**
   * The line's place in the chain, from 1. Lines written by release 0.1 have none: their place
   * is their line number in `audit.jsonl`.
   */
  readonly seq?: number;
  readonly time: string;
  /** SHA-256 of the previous line's text, or {@link GENESIS_HASH}. */
  readonly prevHash: string;
  /**
   * Set on a line that waited in the local spool while the sink was away: the id the step was
   * anchored with (`spool:<id>`) until it was written.
   */
  readonly spoolId?: string;
  /** SHA-256 of this line's canonical JSON without `hash` and `mac`: an edit to any field breaks it. */
  readonly hash: string;
  /** HMAC-SHA256 of `hash` with the audit key, when one is configured (see {@link signHash}). */
  readonly mac?: string;
}

/** SHA-256 hex of a text. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The hash a line must carry: over its RFC 8785 canonical form without the hash and the mac. */
export function lineHash(line: Omit<AuditLine, "hash" | "mac">): string {
  return sha256(canonicalize(line) ?? "");
}

/**
 * The mac of a line: HMAC-SHA256 of its hash, keyed with the audit key. The hash covers the
 * previous line's text, so the mac of the head vouches for the whole chain: a consistent rewrite
 * by someone without the key leaves a head whose mac does not match.
 */
export function signHash(key: string, hash: string): string {
  return createHmac("sha256", key).update(hash, "utf8").digest("hex");
}

/** The line at the head of a chain: its place and its exact text. */
export interface ChainLink {
  readonly seq: number;
  readonly text: string;
}

/** What a new line needs besides its event. */
export interface LineContext {
  readonly time: string;
  readonly spoolId?: string;
  /** The audit key; the line is signed when given. @default unsigned */
  readonly key?: string;
}

/**
 * The line that follows `previous` (or starts the chain), pure: its sequence number, its
 * prevHash, its own hash and, with a key, its mac. Field order is the one 0.1 wrote, with `seq`
 * first, so that lines read the same in a file.
 */
export function chainLine(
  previous: ChainLink | undefined,
  event: AuditEvent,
  context: LineContext,
): AuditLine & { readonly seq: number } {
  const unsigned = {
    seq: (previous?.seq ?? 0) + 1,
    time: context.time,
    ...event,
    prevHash: previous === undefined ? GENESIS_HASH : sha256(previous.text),
    ...(context.spoolId === undefined ? {} : { spoolId: context.spoolId }),
  };
  const hash = lineHash(unsigned);
  return {
    ...unsigned,
    hash,
    ...(context.key === undefined ? {} : { mac: signHash(context.key, hash) }),
  };
}
