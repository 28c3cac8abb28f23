import {
  GENESIS_HASH,
  lineHash,
  sha256,
  signHash,
  type AuditLine,
  type ChainLink,
} from "./audit-log";
import type { AuditSink } from "./audit-sink";
import { SPOOL_ANCHOR } from "./audit-trail";
import { readDirChainSync } from "./local-dir-sink";

/** The result of checking an audit directory's chain, as release 0.1 returned it. */
export type AuditVerification =
  | { readonly ok: true; readonly lines: number }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** A line a resource's state names as its last: the chain must hold it. */
export interface Anchor {
  /** The line's `hash`, or `spool:<id>` for a line that was spooled. */
  readonly anchor: string;
  /** Who names it, for messages, such as a resource's URN. */
  readonly owner: string;
}

/** Options of {@link checkChain}. */
export interface CheckOptions {
  /** The audit key: the head must carry its mac. @default the mac is not checked */
  readonly key?: string | undefined;
  /** Lines that must be in the chain. @default none */
  readonly anchors?: readonly Anchor[];
  /** The ids of lines still waiting in the local spool. @default none */
  readonly spooledIds?: readonly string[];
}

/** What {@link checkChain} found. */
export interface ChainCheck {
  readonly lines: number;
  /** The first broken or missing link, by its sequence number. */
  readonly broken?: { readonly line: number; readonly reason: string };
  /** Whether the head carries a mac; checked against the key when one was given. */
  readonly headSigned: boolean;
  /** Anchors whose line is in the chain. */
  readonly anchored: number;
  /** Anchors whose line still waits in the local spool. */
  readonly spooled: readonly Anchor[];
  /** Anchors whose line the chain does not hold: lines were cut off, or the chain rewritten. */
  readonly missing: readonly Anchor[];
}

function parse(text: string): AuditLine | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as AuditLine) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a chain, pure: numbers run from 1 with no gap and no repeat; each line parses, its
 * prevHash is the hash of the text before it and its own hash matches its content; with a key,
 * the head's mac matches (it vouches for everything before it); and every anchor is held.
 * Stops at the first broken link, which it reports by its sequence number.
 */
export function checkChain(links: readonly ChainLink[], options: CheckOptions = {}): ChainCheck {
  const hashes = new Set<string>();
  const spoolIds = new Set<string>();
  let previous: ChainLink | undefined;
  let head: AuditLine | undefined;
  let broken: ChainCheck["broken"];
  for (const link of links) {
    const expected = (previous?.seq ?? 0) + 1;
    if (link.seq > expected) {
      const after = previous === undefined ? "the chain starts" : `line ${previous.seq}`;
      broken = { line: expected, reason: `the line is missing: line ${link.seq} follows ${after}` };
    } else if (link.seq < expected) {
      broken = { line: link.seq, reason: "the line is stored twice" };
    }
    if (broken !== undefined) break;
    const line = parse(link.text);
    if (line === undefined) broken = { line: link.seq, reason: "is not JSON" };
    else if (line.seq !== undefined && line.seq !== link.seq)
      broken = { line: link.seq, reason: `the line says it is line ${line.seq}` };
    else if (line.prevHash !== (previous === undefined ? GENESIS_HASH : sha256(previous.text)))
      broken = {
        line: link.seq,
        reason: `prevHash does not match line ${link.seq - 1}: a line was edited, removed or inserted`,
      };
    else {
      const { hash, mac: _mac, ...unsigned } = line;
      if (hash !== lineHash(unsigned))
        broken = {
          line: link.seq,
          reason: "its content does not match its hash: the line was edited",
        };
    }
    if (broken !== undefined || line === undefined) break;
    hashes.add(line.hash);
    if (line.spoolId !== undefined) spoolIds.add(line.spoolId);
    previous = link;
    head = line;
  }
  if (
    broken === undefined &&
    head !== undefined &&
    previous !== undefined &&
    options.key !== undefined
  ) {
    if (head.mac === undefined)
      broken = {
        line: previous.seq,
        reason:
          "the head is not signed: it was written without the audit key, or the chain was rewritten",
      };
    else if (head.mac !== signHash(options.key, head.hash))
      broken = {
        line: previous.seq,
        reason:
          "the head's mac does not match the audit key: the chain was rewritten without the key, or signed with another",
      };
  }
  const spooledHere = new Set(options.spooledIds ?? []);
  const spooled: Anchor[] = [];
  const missing: Anchor[] = [];
  let anchored = 0;
  for (const anchor of options.anchors ?? []) {
    const spoolId = anchor.anchor.startsWith(SPOOL_ANCHOR)
      ? anchor.anchor.slice(SPOOL_ANCHOR.length)
      : undefined;
    if (spoolId === undefined ? hashes.has(anchor.anchor) : spoolIds.has(spoolId)) anchored += 1;
    else if (spoolId !== undefined && spooledHere.has(spoolId)) spooled.push(anchor);
    else missing.push(anchor);
  }
  return {
    lines: previous?.seq ?? 0,
    ...(broken === undefined ? {} : { broken }),
    headSigned: head?.mac !== undefined,
    anchored,
    spooled,
    missing,
  };
}

/** Reads a whole sink and checks it; see {@link checkChain}. Rejects when the sink cannot be read. */
export async function verifySink(sink: AuditSink, options: CheckOptions = {}): Promise<ChainCheck> {
  const links: ChainLink[] = [];
  for await (const link of sink.read()) links.push(link);
  return checkChain(links, options);
}

/**
 * Checks the chain of an audit directory: release 0.1's `audit.jsonl`, then one file per line
 * (see `DirLineStore`). Points at the first line that breaks, counting from 1. Throws when the
 * directory holds no trail.
 */
export function verifyAuditChain(dir: string): AuditVerification {
  const result = checkChain(readDirChainSync(dir));
  return result.broken === undefined
    ? { ok: true, lines: result.lines }
    : { ok: false, line: result.broken.line, reason: result.broken.reason };
}
