import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { AuditEvent } from "../../provider/audit/audit-log";
import { AuditSpool, spooledIds } from "../../provider/audit/audit-spool";
import { AuditTrail, openAuditTrail } from "../../provider/audit/audit-trail";
import { dirSinkKind } from "../../provider/audit/local-dir-sink";
import { checkChain } from "../../provider/audit/verify-audit";
import { readDirChainSync } from "../../provider/audit/local-dir-sink";
import { auditLines } from "../helpers/audit-lines";
import { rejection } from "../helpers/rejection";
import { useTempDir } from "../helpers/temp-dir";

const event = (widgetId: string): AuditEvent => ({
  resource: "WebchatSecurityPolicy",
  widgetId,
  action: "create",
  digestBefore: null,
  digestAfter: null,
  latencyMs: 0,
  outcome: "success",
  requestIds: [],
});

describe("AuditTrail", () => {
  const tmp = useTempDir("trail-");
  // The sink is away while a file stands where its directory should be.
  const blocker = () => join(tmp.path, "audit");
  const spoolRoot = () => join(tmp.path, "spool");
  const trail = (clock: () => number, key?: string) =>
    new AuditTrail({
      sink: dirSinkKind.open(blocker(), "test", { env: {} }),
      spool: new AuditSpool(spoolRoot(), blocker()),
      clock,
      pauseMs: 1000,
      ...(key === undefined ? {} : { key }),
    });

  it("spools what the sink cannot take, and writes it first, in order, once the sink is back", async () => {
    writeFileSync(blocker(), "");
    let now = 0;
    const t = trail(() => now, "k".repeat(16));
    const one = await t.record(event("one"), "2026-12-01T00:00:01Z");
    const two = await t.record(event("two"), "2026-12-01T00:00:02Z");
    expect(one.anchor).to.match(/^spool:/);
    expect(one.spooled?.reason).to.match(/ENOTDIR/);
    expect(two.spooled?.entry.spoolId).to.equal(two.anchor.slice("spool:".length));
    expect(spooledIds(spoolRoot(), blocker())).to.have.length(2);
    rmSync(blocker());
    now = 1000; // the pause after the failure is over
    const three = await t.record(event("three"), "2026-12-01T00:00:03Z");
    expect(three.line?.seq).to.equal(3);
    const lines = auditLines(blocker());
    expect(lines.map((l) => [l.widgetId, l.time, l.spoolId])).to.deep.equal([
      ["one", "2026-12-01T00:00:01Z", one.spooled?.entry.spoolId],
      ["two", "2026-12-01T00:00:02Z", two.spooled?.entry.spoolId],
      ["three", "2026-12-01T00:00:03Z", undefined],
    ]);
    expect(lines.every((l) => l.mac !== undefined)).to.equal(true);
    expect(spooledIds(spoolRoot(), blocker())).to.deep.equal([]);
    const anchors = [one, two, three].map((r, i) => ({ anchor: r.anchor, owner: `r${i}` }));
    const check = checkChain(readDirChainSync(blocker()), { anchors, key: "k".repeat(16) });
    expect(check).to.deep.include({ lines: 3, anchored: 3, headSigned: true });
    expect(check.broken).to.equal(undefined);
  });

  it("leaves the sink alone for the pause after a failure, spooling without trying it", async () => {
    writeFileSync(blocker(), "");
    let now = 0;
    const t = trail(() => now);
    await t.record(event("one"), "2026-12-01T00:00:01Z");
    rmSync(blocker());
    now = 999;
    expect((await t.record(event("two"), "2026-12-01T00:00:02Z")).anchor).to.match(/^spool:/);
    now = 1000;
    expect(await t.flush()).to.equal(2);
    expect(auditLines(blocker()).map((l) => l.widgetId)).to.deep.equal(["one", "two"]);
  });

  it("rejects, so that the step fails, only when the spool cannot be written either", async () => {
    writeFileSync(blocker(), "");
    const t = new AuditTrail({
      sink: dirSinkKind.open(blocker(), "test", { env: {} }),
      spool: new AuditSpool(join(blocker(), "spool"), blocker()),
    });
    const error = await rejection(t.record(event("one"), "2026-12-01T00:00:01Z"));
    expect(error.message).to.match(/is a file, not a directory/);
  });

  it("is opened once per process for the same settings", () => {
    const settings = { location: blocker(), source: "test", spoolDir: spoolRoot() };
    expect(openAuditTrail(settings, {})).to.equal(openAuditTrail({ ...settings }, {}));
    expect(openAuditTrail(settings, {})).to.not.equal(
      openAuditTrail({ ...settings, key: "k".repeat(16) }, {}),
    );
  });
});
