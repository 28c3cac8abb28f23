import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { appendAudit, type AuditEvent } from "../../provider/audit/audit-log";
import { verifyAuditChain } from "../../provider/audit/verify-audit";
import { useTempDir } from "../helpers/temp-dir";

const event = (i: number): AuditEvent => ({
  resource: "WebchatSecurityPolicy",
  widgetId: `w-${i}`,
  action: "update",
  digestBefore: null,
  digestAfter: "d".repeat(64),
  latencyMs: i,
  outcome: "success",
  requestIds: [`req-${i}`],
});

describe("the audit trail", () => {
  const dir = useTempDir("audit-");
  const file = () => join(dir.path, "audit.jsonl");

  it("chains each line to the one before", async () => {
    for (let i = 0; i < 3; i++) await appendAudit(dir.path, event(i));
    expect(verifyAuditChain(dir.path)).to.deep.equal({ ok: true, lines: 3 });
  });

  it("points at the line after an edited one", async () => {
    for (let i = 0; i < 4; i++) await appendAudit(dir.path, event(i));
    const lines = readFileSync(file(), "utf8").split("\n");
    lines[1] = lines[1]?.replace('"outcome":"success"', '"outcome":"failure"') ?? "";
    writeFileSync(file(), lines.join("\n"));
    expect(verifyAuditChain(dir.path)).to.deep.include({ ok: false, line: 2 });
  });

  it("detects an edit of the last line, through the line's own hash", async () => {
    for (let i = 0; i < 2; i++) await appendAudit(dir.path, event(i));
    writeFileSync(file(), readFileSync(file(), "utf8").replace('"w-1"', '"w-9"'));
    expect(verifyAuditChain(dir.path)).to.deep.equal({
      ok: false,
      line: 2,
      reason: "its content does not match its hash: the line was edited",
    });
  });

  it("detects a removed line", async () => {
    for (let i = 0; i < 3; i++) await appendAudit(dir.path, event(i));
    const lines = readFileSync(file(), "utf8").split("\n");
    lines.splice(1, 1);
    writeFileSync(file(), lines.join("\n"));
    expect(verifyAuditChain(dir.path)).to.deep.include({ ok: false, line: 2 });
  });

  it("never interleaves lines from concurrent writers in one process", async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        appendAudit(dir.path, {
          ...event(i),
          requestIds: Array.from({ length: 50 }, (_, j) => `req-${i}-${j}`),
        }),
      ),
    );
    const lines = readFileSync(file(), "utf8").trim().split("\n");
    expect(lines).to.have.length(200);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).to.not.throw();
    expect(verifyAuditChain(dir.path)).to.deep.equal({ ok: true, lines: 200 });
  });
});
