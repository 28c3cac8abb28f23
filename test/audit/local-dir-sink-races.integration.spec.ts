import { fork } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";
import { verifyAuditChain } from "../../provider/audit/verify-audit";
import { auditLines } from "../helpers/audit-lines";
import { useTempDir } from "../helpers/temp-dir";

describe("the local directory sink, under racing writer processes", function () {
  // Each test writes thousands of files, and removing them takes a while too.
  this.timeout(600_000);
  const tmp = useTempDir("dir-race-");

  for (const writers of [2, 8]) {
    it(`keeps one chain when ${writers} processes append 1,000 lines each`, async () => {
      const perWriter = 1000;
      const worker = join(__dirname, "..", "helpers", "append-worker.js");
      const started = Date.now();
      const children = Array.from({ length: writers }, (_, w) =>
        fork(worker, [tmp.path, `writer-${w}`, String(perWriter)], { stdio: "inherit" }),
      );
      await Promise.all(
        children.map((child) => new Promise((resolve) => child.once("message", resolve))),
      );
      const go = Date.now();
      for (const child of children) child.send("go");
      const codes = await Promise.all(
        children.map((child) => new Promise((resolve) => child.once("exit", resolve))),
      );
      const seconds = (Date.now() - go) / 1000;
      expect(codes).to.deep.equal(Array.from({ length: writers }, () => 0));
      expect(verifyAuditChain(tmp.path)).to.deep.equal({ ok: true, lines: writers * perWriter });
      const lines = auditLines(tmp.path);
      const seen = new Set(lines.map((l) => l.widgetId));
      expect(seen.size).to.equal(writers * perWriter);
      for (let w = 0; w < writers; w++) {
        const mine = lines.filter((l) => l.requestIds[0] === `writer-${w}`);
        expect(mine.map((l) => l.widgetId)).to.deep.equal(
          Array.from({ length: perWriter }, (_, i) => `writer-${w}-${i}`),
        );
      }
      console.log(
        `      ${writers} processes x ${perWriter} lines: ${seconds.toFixed(1)} s, ${Math.round((writers * perWriter) / seconds)} lines/s (forks started in ${((go - started) / 1000).toFixed(1)} s)`,
      );
    });
  }
});
