import { fileURLToPath } from "node:url";
import { DEFAULT_AUDIT_DIR } from "../audit/audit-log";
import { openSink, sinkScheme } from "../audit/audit-sinks";
import { DEFAULT_SPOOL_DIR, spooledIds } from "../audit/audit-spool";
import { readDirChainSync } from "../audit/local-dir-sink";
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
    return checkChain(readDirChainSync(dir), options);
  }
  return verifySink(openSink(location, "the location", { env }), options);
}

/**
 * `pulumi-cxone-webchat audit verify`: checks the chain at a location, and with `--stack` or
 * `--state` that it holds every line the state names; with `CXONE_AUDIT_KEY`, that the head is
 * signed with it. Reports lines still waiting in the local spool. Returns the exit code: 0 when
 * intact, 1 when broken or missing a line, 2 when the trail or the state cannot be read.
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
    return 2;
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
    return 2;
  }
  if (spooled.length > 0)
    out(
      `${location}: ${spooled.length} ${spooled.length === 1 ? "line is" : "lines are"} still spooled in ${spoolRoot}, not yet in the chain: the next deployment writes them`,
    );
  for (const anchor of result.spooled)
    out(`${location}: ${anchor.owner} names a line still spooled here (${anchor.anchor})`);
  let code = 0;
  if (result.broken !== undefined) {
    err(`${location}: audit chain broken at line ${result.broken.line}: ${result.broken.reason}`);
    code = 1;
  } else {
    const signed = key === undefined ? "" : ", head signed with CXONE_AUDIT_KEY";
    const lines = `${result.lines} ${result.lines === 1 ? "line" : "lines"}`;
    out(`${location}: audit chain intact (${lines}${signed})`);
  }
  for (const anchor of result.missing) {
    err(
      `${location}: ${anchor.owner} names audit line ${anchor.anchor}, which the chain does not hold (it ends at line ${result.lines}): lines were cut off, or the chain was rewritten`,
    );
    code = 1;
  }
  if (anchors !== undefined && result.missing.length === 0)
    out(
      `${location}: the state names ${anchors.length} audit ${anchors.length === 1 ? "line" : "lines"}; ${result.anchored} in the chain, ${result.spooled.length} spooled`,
    );
  return code;
}
