import { fileURLToPath } from "node:url";
import { DEFAULT_AUDIT_DIR } from "../audit/audit-log";
import { openSink, sinkScheme } from "../audit/audit-sinks";
import { DEFAULT_SPOOL_DIR, spooledIds } from "../audit/audit-spool";
import { readDirChainSync, readDirHeadHintSync } from "../audit/local-dir-sink";
import { checkChain, verifySink, type Anchor, type ChainCheck } from "../audit/verify-audit";
import { anchorsFromState, exportStack, readStateFile } from "./stack-anchors";

/** What `audit verify` was asked. */
export interface VerifyRequest {
  /** A directory or an `s3://` URL. @default CXONE_AUDIT, CXONE_AUDIT_DIR, .cxone-audit */
  readonly location?: string | undefined;
  /** A stack whose state names the anchors, read with `pulumi stack export`. */
  readonly stack?: string | undefined;
  /** A file holding the output of `pulumi stack export`. */
  readonly stateFile?: string | undefined;
}

/** The location `audit verify` reads when none is given: what a deployment here would write. */
export function defaultLocation(env: NodeJS.ProcessEnv): string {
  return env.CXONE_AUDIT || env.CXONE_AUDIT_DIR || DEFAULT_AUDIT_DIR;
}

async function check(
  location: string,
  options: Parameters<typeof checkChain>[1],
  env: NodeJS.ProcessEnv,
): Promise<ChainCheck> {
  if (sinkScheme(location) === "file") {
    const dir = location.startsWith("file:") ? fileURLToPath(location) : location;
    return checkChain(readDirChainSync(dir), { headHint: readDirHeadHintSync(dir), ...options });
  }
  return verifySink(openSink(location, "the location", { env }), options);
}

/** The exit codes of `audit verify`. */
export const VERIFY_EXIT = {
  /** The chain is intact and holds every line known to exist. */
  intact: 0,
  /** A line is broken or missing: edited, removed, cut off the end, or the chain rewritten. */
  broken: 1,
  /** The trail or the state cannot be read. */
  unreadable: 2,
  /**
   * The chain is intact as far as it goes, but lines are known to wait in a spool (this
   * machine's, or, as the state says, another's): not tampering, not complete either. A CI
   * gate fails on it unless it accepts 3 on purpose: a spool on a runner thrown away is lost.
   */
  pending: 3,
} as const;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * `pulumi-cxone-webchat audit verify`: checks the chain at a location, up to where its head was
 * last noted; with `--stack` or `--state`, that it holds every line the state names; with
 * `CXONE_AUDIT_KEY`, that the head is signed with it. Reports lines still waiting in the local
 * spool, and lines the state says were spooled that the sink does not hold yet. Returns the
 * exit code (see {@link VERIFY_EXIT}).
 */
export async function verifyAudit(
  request: VerifyRequest,
  out: (line: string) => void,
  err: (line: string) => void,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<number> {
  const location = request.location ?? defaultLocation(env);
  let anchors: Anchor[] | undefined;
  try {
    if (request.stateFile !== undefined)
      anchors = anchorsFromState(readStateFile(request.stateFile));
    else if (request.stack !== undefined)
      anchors = anchorsFromState(exportStack(request.stack, cwd, env));
  } catch (error) {
    err(`cannot read the state: ${error instanceof Error ? error.message : String(error)}`);
    return VERIFY_EXIT.unreadable;
  }
  const spoolRoot = env.CXONE_AUDIT_SPOOL || DEFAULT_SPOOL_DIR;
  const spooled = spooledIds(spoolRoot, location);
  const key = env.CXONE_AUDIT_KEY || undefined;
  let result: ChainCheck;
  try {
    result = await check(location, { key, anchors: anchors ?? [], spooledIds: spooled }, env);
  } catch (error) {
    err(
      `${location}: cannot read the audit trail: ${error instanceof Error ? error.message : String(error)}`,
    );
    return VERIFY_EXIT.unreadable;
  }
  if (spooled.length > 0)
    out(
      `${location}: ${count(spooled.length, "line is", "lines are")} still spooled in ${spoolRoot}, not yet in the chain: the next pulumi preview, up, refresh or destroy here that reaches the sink writes them`,
    );
  for (const anchor of result.spooled)
    out(`${location}: ${anchor.resource} names a line still spooled here (${anchor.anchor})`);
  for (const anchor of result.spooledElsewhere)
    out(
      `${location}: ${anchor.resource} names a line spooled, not yet in the sink (${anchor.anchor}): it waits in the spool of the machine that ran that step, whose next pulumi run there writes it`,
    );
  let code: number = VERIFY_EXIT.intact;
  if (result.broken !== undefined) {
    err(`${location}: audit chain broken at line ${result.broken.line}: ${result.broken.reason}`);
    code = VERIFY_EXIT.broken;
  } else {
    const signed = key === undefined ? "" : ", head signed with CXONE_AUDIT_KEY";
    out(`${location}: audit chain intact (${count(result.lines, "line", "lines")}${signed})`);
  }
  for (const anchor of result.missing) {
    err(
      `${location}: ${anchor.resource} names audit line ${anchor.anchor}, which the chain does not hold (it ends at line ${result.lines}): lines were cut off, or the chain was rewritten`,
    );
    code = VERIFY_EXIT.broken;
  }
  const pending = result.spooled.length + result.spooledElsewhere.length;
  if (anchors !== undefined && result.missing.length === 0)
    out(
      `${location}: the state names ${count(anchors.length, "audit line", "audit lines")}; ${result.anchored} in the chain, ${pending} spooled`,
    );
  if (code === VERIFY_EXIT.intact && (spooled.length > 0 || pending > 0)) {
    out(
      `${location}: not complete yet: lines still wait in a spool (exit ${VERIFY_EXIT.pending}, not tampering)`,
    );
    code = VERIFY_EXIT.pending;
  }
  return code;
}
