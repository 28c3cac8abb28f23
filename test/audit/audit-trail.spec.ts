import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { AuditEvent, AuditLine, ChainLink, LineContext } from "../../provider/audit/audit-log";
import type { AuditSink } from "../../provider/audit/audit-sink";
import { AuditSpool, spooledIds } from "../../provider/audit/audit-spool";
import { AuditTrail, AuditTrails, recordsSameResult } from "../../provider/audit/audit-trail";
import { dirSinkKind } from "../../provider/audit/local-dir-sink";
import { checkChain } from "../../provider/audit/verify-audit";
import { readDirChainSync } from "../../provider/audit/local-dir-sink";
import { auditLines } from "../helpers/audit-lines";
import { flushKilledAfterWrite } from "../helpers/flush-crash";
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

/** A sink whose writes land, then report a failure: a reply lost on the way back. */
class LostReplySink implements AuditSink {
  constructor(private readonly sink: AuditSink) {}
  get location(): string {
    return this.sink.location;
  }
  async append(event: AuditEvent, context: LineContext): Promise<AuditLine> {
    await this.sink.append(event, context);
    throw new Error("socket hang up");
  }
  head(): Promise<ChainLink | undefined> {
    return this.sink.head();
  }
  line(seq: number): Promise<ChainLink | undefined> {
    return this.sink.line(seq);
  }
  headHint(): Promise<number> {
    return this.sink.headHint();
  }
  read(): AsyncIterable<ChainLink> {
    return this.sink.read();
  }
}

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
    const anchors = [one, two, three].map((r, i) => ({ anchor: r.anchor, resource: `r${i}` }));
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

  describe("a spooled line is written once", () => {
    const location = () => join(tmp.path, "trail");
    const open = () => dirSinkKind.open(location(), "test", { env: {} });
    const spool = () => new AuditSpool(spoolRoot(), location());

    it("when the flush that wrote it died before taking it out of the spool", async function () {
      this.timeout(30_000);
      await open().append(event("before"), { time: "2026-12-01T00:00:00Z" });
      const one = await spool().put("2026-12-01T00:00:01Z", event("one"));
      const two = await spool().put("2026-12-01T00:00:02Z", event("two"));
      expect(await flushKilledAfterWrite(location(), spoolRoot())).to.equal("SIGKILL");
      // What the death left: line "one" in the sink, and its entry still in the spool.
      expect(auditLines(location()).map((l) => l.widgetId)).to.deep.equal(["before", "one"]);
      expect(spooledIds(spoolRoot(), location())).to.have.members([one.spoolId, two.spoolId]);
      const next = new AuditTrail({ sink: open(), spool: spool() });
      expect(await next.flush()).to.equal(2);
      expect(auditLines(location()).map((l) => [l.widgetId, l.spoolId])).to.deep.equal([
        ["before", undefined],
        ["one", one.spoolId],
        ["two", two.spoolId],
      ]);
      expect(checkChain(readDirChainSync(location())).broken).to.equal(undefined);
      expect(spooledIds(spoolRoot(), location())).to.deep.equal([]);
    });

    it("when its write landed although it seemed to fail", async () => {
      const one = await spool().put("2026-12-01T00:00:01Z", event("one"));
      const lost = new AuditTrail({ sink: new LostReplySink(open()), spool: spool() });
      expect((await rejection(lost.flush())).message).to.equal("socket hang up");
      expect(spooledIds(spoolRoot(), location())).to.deep.equal([one.spoolId]);
      expect(await new AuditTrail({ sink: open(), spool: spool() }).flush()).to.equal(1);
      expect(auditLines(location()).map((l) => [l.widgetId, l.spoolId])).to.deep.equal([
        ["one", one.spoolId],
      ]);
      expect(spooledIds(spoolRoot(), location())).to.deep.equal([]);
    });
  });

  describe("catchUp, at the start of every process", () => {
    it("writes what the spool holds, once, and says so", async () => {
      writeFileSync(blocker(), "");
      const first = trail(() => 0);
      await first.record(event("one"), "2026-12-01T00:00:01Z");
      await first.record(event("two"), "2026-12-01T00:00:02Z");
      rmSync(blocker());
      const warnings: string[] = [];
      const next = trail(() => 0); // the next run: a new process
      await next.catchUp((m) => warnings.push(m));
      expect(auditLines(blocker()).map((l) => l.widgetId)).to.deep.equal(["one", "two"]);
      expect(warnings).to.deep.equal([
        `${blocker()}: wrote 2 audit lines that waited in ${new AuditSpool(spoolRoot(), blocker()).dir} while the sink was away`,
      ]);
      // The second provider of the process (each kind configures once) finds it done.
      await new AuditSpool(spoolRoot(), blocker()).put("2026-12-01T00:00:03Z", event("three"));
      await next.catchUp((m) => warnings.push(m));
      expect(warnings).to.have.length(1);
      expect(spooledIds(spoolRoot(), blocker())).to.have.length(1);
    });

    it("never rejects while the sink is away: the lines stay spooled, with a warning naming the reason", async () => {
      writeFileSync(blocker(), "");
      const now = 0;
      await trail(() => now).record(event("one"), "2026-12-01T00:00:01Z");
      const warnings: string[] = [];
      const next = trail(() => now);
      await next.catchUp((m) => warnings.push(m));
      expect(warnings).to.have.length(1);
      expect(warnings[0])
        .to.match(/^warning: 1 audit line still waits in /)
        .and.contain("ENOTDIR")
        .and.contain("the next pulumi preview, up, refresh or destroy here writes them first");
      expect(spooledIds(spoolRoot(), blocker())).to.have.length(1);
    });

    it("costs one read of an empty folder when nothing is spooled", async () => {
      const warnings: string[] = [];
      await trail(() => 0).catchUp((m) => warnings.push(m));
      expect(warnings).to.deep.equal([]);
      expect(readdirSync(tmp.path)).to.deep.equal([]);
    });
  });

  describe("recordOnce, for a create that finds its own earlier write", () => {
    const create = (widgetId: string, digest: string | null): AuditEvent => ({
      ...event(widgetId),
      digestAfter: digest,
    });
    const D = "d".repeat(64);

    it("writes nothing when the latest line about the resource records the same result, and returns its anchor", async () => {
      const t = trail(() => 0);
      const earlier = await t.record(create("w1", D), "2026-12-01T00:00:01Z");
      for (const id of ["w2", "w3", "w4"]) await t.record(create(id, D), "2026-12-01T00:00:02Z");
      const again = await trail(() => 0).recordOnce(create("w1", D), "2026-12-01T00:00:03Z");
      expect(again).to.deep.equal({ anchor: earlier.anchor, alreadyRecorded: true });
      expect(auditLines(blocker())).to.have.length(4);
    });

    it("writes when the latest line about it is another step, or left another digest", async () => {
      const t = trail(() => 0);
      await t.record(create("w1", D), "2026-12-01T00:00:01Z");
      await t.record({ ...create("w1", null), action: "delete" }, "2026-12-01T00:00:02Z");
      expect((await t.recordOnce(create("w1", D), "2026-12-01T00:00:03Z")).line?.seq).to.equal(3);
      expect(
        (await t.recordOnce(create("w1", "e".repeat(64)), "2026-12-01T00:00:04Z")).line?.seq,
      ).to.equal(4);
      // The line it just wrote is the latest now: the same step again writes nothing.
      expect(await t.recordOnce(create("w1", "e".repeat(64)), "2026-12-01T00:00:05Z")).to.include({
        alreadyRecorded: true,
      });
      expect(auditLines(blocker())).to.have.length(4);
    });

    it("finds the earlier line in the spool while the sink is away", async () => {
      writeFileSync(blocker(), "");
      const t = trail(() => 0);
      const earlier = await t.record(create("w1", D), "2026-12-01T00:00:01Z");
      expect(earlier.anchor).to.match(/^spool:/);
      const again = await t.recordOnce(create("w1", D), "2026-12-01T00:00:02Z");
      expect(again).to.deep.equal({ anchor: earlier.anchor, alreadyRecorded: true });
      expect(spooledIds(spoolRoot(), blocker())).to.have.length(1);
    });

    it("looks back no further than lookback lines", async () => {
      const t = trail(() => 0);
      await t.record(create("w1", D), "2026-12-01T00:00:01Z");
      for (const id of ["w2", "w3"]) await t.record(create(id, D), "2026-12-01T00:00:02Z");
      const near = new AuditTrail({
        sink: dirSinkKind.open(blocker(), "test", { env: {} }),
        spool: new AuditSpool(spoolRoot(), blocker()),
        lookback: 2,
      });
      expect((await near.recordOnce(create("w1", D), "2026-12-01T00:00:03Z")).line?.seq).to.equal(
        4,
      );
    });
  });

  it("recordsSameResult: a success, create or update, that left the same digest", () => {
    const e: AuditEvent = { ...event("w"), digestAfter: "a" };
    const same = { action: "create", outcome: "success", digestAfter: "a" };
    expect(recordsSameResult(same, e)).to.equal(true);
    expect(recordsSameResult({ ...same, action: "update" }, e)).to.equal(true);
    expect(recordsSameResult({ ...same, action: "delete" }, e)).to.equal(false);
    expect(recordsSameResult({ ...same, outcome: "failure" }, e)).to.equal(false);
    expect(recordsSameResult({ ...same, digestAfter: "b" }, e)).to.equal(false);
    expect(recordsSameResult({ ...same, digestAfter: null }, e)).to.equal(false);
  });

  it("is opened once per process (one AuditTrails) for the same settings", () => {
    const settings = { location: blocker(), source: "test", spoolDir: spoolRoot() };
    const trails = new AuditTrails({});
    expect(trails.open(settings)).to.equal(trails.open({ ...settings }));
    expect(trails.open(settings)).to.not.equal(trails.open({ ...settings, key: "k".repeat(16) }));
    expect(new AuditTrails({}).open(settings)).to.not.equal(trails.open(settings));
  });
});
