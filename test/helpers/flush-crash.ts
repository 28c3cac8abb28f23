import { fork } from "node:child_process";
import { join } from "node:path";
import type { AuditLine } from "../../provider/audit/audit-log";
import type { AuditSink } from "../../provider/audit/audit-sink";

/**
 * Runs `flush-worker.js`: a flush of the spool of `location` that dies by SIGKILL right after
 * writing its first spooled line, before removing its entry from the spool. Resolves with the
 * signal that ended it.
 */
export function flushKilledAfterWrite(
  location: string,
  spoolRoot: string,
  env: Readonly<Record<string, string>> = {},
): Promise<NodeJS.Signals | null> {
  const child = fork(join(__dirname, "flush-worker.js"), [location, spoolRoot], {
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  return new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
}

/** Every line of a sink's chain, parsed, in order. */
export async function sinkLines(sink: AuditSink): Promise<AuditLine[]> {
  const lines: AuditLine[] = [];
  for await (const link of sink.read()) lines.push(JSON.parse(link.text) as AuditLine);
  return lines;
}
