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
import { readDirChainSync, readDirHeadHintSync } from "./local-dir-sink";

/** The result of checking an audit directory's chain, as release 0.1 returned it. */
export type AuditVerification =
  | { readonly ok: true; readonly lines: number }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** A line a resource's state names as its last: the chain must hold it. */
export interface Anchor {
  /** The line's `hash`, or `spool:<id>` for a line that was spooled. */
  readonly anchor: string;
  /** The resource that names it, for messages: its URN. */
  readonly resource: string;
}

/** Options of {@link checkChain}. */
export interface CheckOptions {
  /** The audit key: the head must carry its mac. @default the mac is not checked */
  readonly key?: string | undefined;
  /** Lines that must be in the chain. @default none */
  readonly anchors?: readonly Anchor[];
  /** The ids of lines still waiting in the local spool. @default none */
  readonly spooledIds?: readonly string[];
  /**
   * Where the sink's head was last noted (its `head` file or object): every line up to it was
   * written, so a chain that ends before it has lost its last lines. @default not checked
   */
  readonly headHint?: number;
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
  /**
   * Anchors the state names as spooled (`spool:<id>`) whose line neither the chain nor the local
   * spool holds: it waits in the spool of the machine that ran the step, which writes it on its
   * next run there. Not in the chain yet, so not proven either way.
   */
  readonly spooledElsewhere: readonly Anchor[];
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
 * the head's mac matches (it vouches for everything before it); with a head hint, the chain
 * reaches it; and every anchor is held. Stops at the first broken link, which it reports by its
 * sequence number.
 */
export function checkChain(links: readonly ChainLink[], options: CheckOptions = {}): ChainCheck {
  const hashes = new Set<string>();
  const spoolIds = new Set<string>();
  let previous: ChainLink | undefined;
  let head: AuditLine | undefined;
  let broken: ChainCheck["broken"];
  for (const link of links) {
    const checked = checkLink(link, previous);
    if ("broken" in checked) {
      broken = checked.broken;
      break;
    }
    hashes.add(checked.line.hash);
    if (checked.line.spoolId !== undefined) spoolIds.add(checked.line.spoolId);
    previous = link;
    head = checked.line;
  }
  if (
    broken === undefined &&
    head !== undefined &&
    previous !== undefined &&
    options.key !== undefined
  )
    broken = headProblem(head, previous.seq, options.key);
  const lines = previous?.seq ?? 0;
  if (broken === undefined && options.headHint !== undefined && options.headHint > lines)
    broken = cutShort(lines, options.headHint);
  return {
    lines,
    ...(broken === undefined ? {} : { broken }),
    headSigned: head?.mac !== undefined,
    ...placeAnchors(options, hashes, spoolIds),
  };
}

type Broken = NonNullable<ChainCheck["broken"]>;

/** One link after `previous`: its line, or where and why the chain breaks there. */
function checkLink(
  link: ChainLink,
  previous: ChainLink | undefined,
): { line: AuditLine } | { broken: Broken } {
  const expected = (previous?.seq ?? 0) + 1;
  if (link.seq > expected) {
    const after = previous === undefined ? "the chain starts" : `line ${previous.seq}`;
    return {
      broken: { line: expected, reason: `the line is missing: line ${link.seq} follows ${after}` },
    };
  }
  if (link.seq < expected)
    return { broken: { line: link.seq, reason: "the line is stored twice" } };
  const line = parse(link.text);
  if (line === undefined) return { broken: { line: link.seq, reason: "is not JSON" } };
  if (line.seq !== undefined && line.seq !== link.seq)
    return { broken: { line: link.seq, reason: `the line says it is line ${line.seq}` } };
  if (line.prevHash !== (previous === undefined ? GENESIS_HASH : sha256(previous.text)))
    return {
      broken: {
        line: link.seq,
        reason: `prevHash does not match line ${link.seq - 1}: a line was edited, removed or inserted`,
      },
    };
  const { hash, mac: _mac, ...unsigned } = line;
  if (hash !== lineHash(unsigned))
    return {
      broken: {
        line: link.seq,
        reason: "its content does not match its hash: the line was edited",
      },
    };
  return { line };
}

/** A chain that ends before the line its head was noted at: the lines after its end are gone. */
function cutShort(lines: number, hint: number): Broken {
  const gone = hint === lines + 1 ? `line ${hint} is` : `lines ${lines + 1}-${hint} are`;
  return {
    line: lines + 1,
    reason: `the head says line ${hint}, but the chain ends at line ${lines}: ${gone} missing`,
  };
}

/** With a key, the head's mac must match: it vouches for everything before it. */
function headProblem(head: AuditLine, seq: number, key: string): Broken | undefined {
  if (head.mac === undefined)
    return {
      line: seq,
      reason:
        "the head is not signed: it was written without the audit key, or the chain was rewritten",
    };
  if (head.mac !== signHash(key, head.hash))
    return {
      line: seq,
      reason:
        "the head's mac does not match the audit key: the chain was rewritten without the key, or signed with another",
    };
  return undefined;
}

/**
 * Which anchors the chain holds, which wait in this machine's spool, which the state says were
 * spooled elsewhere, and which are missing. A line the state names by its hash must be in the
 * chain; one it names as spooled may not be there yet.
 */
function placeAnchors(
  options: CheckOptions,
  hashes: ReadonlySet<string>,
  spoolIds: ReadonlySet<string>,
): Pick<ChainCheck, "anchored" | "spooled" | "spooledElsewhere" | "missing"> {
  const spooledHere = new Set(options.spooledIds ?? []);
  const spooled: Anchor[] = [];
  const spooledElsewhere: Anchor[] = [];
  const missing: Anchor[] = [];
  let anchored = 0;
  for (const anchor of options.anchors ?? []) {
    const spoolId = anchor.anchor.startsWith(SPOOL_ANCHOR)
      ? anchor.anchor.slice(SPOOL_ANCHOR.length)
      : undefined;
    if (spoolId === undefined ? hashes.has(anchor.anchor) : spoolIds.has(spoolId)) anchored += 1;
    else if (spoolId === undefined) missing.push(anchor);
    else if (spooledHere.has(spoolId)) spooled.push(anchor);
    else spooledElsewhere.push(anchor);
  }
  return { anchored, spooled, spooledElsewhere, missing };
}

/**
 * Reads a whole sink and its head hint, and checks them; see {@link checkChain}. Rejects when
 * the sink cannot be read.
 */
export async function verifySink(sink: AuditSink, options: CheckOptions = {}): Promise<ChainCheck> {
  const headHint = await sink.headHint();
  const links: ChainLink[] = [];
  for await (const link of sink.read()) links.push(link);
  return checkChain(links, { headHint, ...options });
}

/**
 * Checks the chain of an audit directory: release 0.1's `audit.jsonl`, then one file per line
 * (see `DirLineStore`), up to the line its `head` file names at least. Points at the first line
 * that breaks or is missing, counting from 1. Throws when the directory holds no trail.
 */
export function verifyAuditChain(dir: string): AuditVerification {
  const result = checkChain(readDirChainSync(dir), { headHint: readDirHeadHintSync(dir) });
  return result.broken === undefined
    ? { ok: true, lines: result.lines }
    : { ok: false, line: result.broken.line, reason: result.broken.reason };
}
