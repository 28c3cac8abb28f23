import type { AuditLine } from "../../provider/audit/audit-log";
import { readDirChainSync } from "../../provider/audit/local-dir-sink";

/** Every line of an audit directory's chain, parsed, in order. */
export function auditLines(dir: string): AuditLine[] {
  return readDirChainSync(dir).map((link) => JSON.parse(link.text) as AuditLine);
}

/** The text of every line of an audit directory's chain, in order, one per line. */
export function auditText(dir: string): string {
  return readDirChainSync(dir)
    .map((link) => link.text)
    .join("\n");
}
