import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AUDIT_FILE, GENESIS_HASH, lineHash, sha256, type AuditLine } from "./audit-log";

/** The result of checking an audit file's chain. */
export type AuditVerification =
  | { readonly ok: true; readonly lines: number }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/**
 * Checks every line of `<dir>/audit.jsonl`: it parses, its own hash matches its content, and its
 * prevHash is the hash of the line before. Points at the first line that breaks, counting from 1.
 */
export function verifyAuditChain(dir: string): AuditVerification {
  const text = readFileSync(join(dir, AUDIT_FILE), "utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let previous: string | undefined;
  for (const [index, raw] of lines.entries()) {
    const number = index + 1;
    let line: AuditLine;
    try {
      line = JSON.parse(raw) as AuditLine;
    } catch {
      return { ok: false, line: number, reason: "is not JSON" };
    }
    const expectedPrev = previous === undefined ? GENESIS_HASH : sha256(previous);
    if (line.prevHash !== expectedPrev) {
      return {
        ok: false,
        line: number,
        reason: `prevHash does not match line ${number - 1}: a line was edited, removed or inserted`,
      };
    }
    const { hash, ...unsigned } = line;
    if (hash !== lineHash(unsigned))
      return {
        ok: false,
        line: number,
        reason: "its content does not match its hash: the line was edited",
      };
    previous = raw;
  }
  return { ok: true, lines: lines.length };
}
