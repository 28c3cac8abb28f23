import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { AuditEvent } from "../../provider/audit/audit-log";
import { AuditSpool, spooledIds } from "../../provider/audit/audit-spool";
import { AuditTrail } from "../../provider/audit/audit-trail";
import { ChainedSink } from "../../provider/audit/chained-sink";
import { lineFileName } from "../../provider/audit/local-dir-sink";
import { run } from "../../provider/cli/main";
import { parseS3Location, s3SinkKind, S3LineStore } from "../../provider/audit/s3-sink";
import { checkChain, verifySink } from "../../provider/audit/verify-audit";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { flushKilledAfterWrite, sinkLines } from "../helpers/flush-crash";
import { rejection } from "../helpers/rejection";
import { useVersitygw } from "../helpers/versitygw";

const event = (widgetId: string, writer = "w"): AuditEvent => ({
  resource: "WebchatSecurityPolicy",
  widgetId,
  action: "update",
  digestBefore: null,
  digestAfter: null,
  latencyMs: 0,
  outcome: "success",
  requestIds: [writer],
});
const now = () => ({ time: new Date().toISOString() });

describe("the S3 sink, on versitygw", function () {
  this.timeout(120_000);
  const s3 = useVersitygw();
  let bucketCount = 0;
  const fresh = (prefix = "audit") => {
    bucketCount += 1;
    return s3.server.url(s3.server.bucket(`audit-${bucketCount}`), prefix);
  };
  const open = (location: string) => s3SinkKind.open(location, "test", { env: s3.server.env });

  it("writes each line as an object at its sequence number, and reads the chain back", async () => {
    const location = fresh("team/prod");
    const sink = open(location);
    for (let i = 0; i < 10; i++) await sink.append(event(`w-${i}`), now());
    const check = await verifySink(open(location));
    expect(check).to.deep.include({ lines: 10, headSigned: false });
    expect(check.broken).to.equal(undefined);
    expect((await open(location).head())?.seq).to.equal(10);
  });

  it("lets only one of two writers take a number: the loser re-reads the head and re-chains", async () => {
    const location = fresh();
    const a = open(location);
    const b = open(location);
    await a.append(event("a-0"), now());
    await b.append(event("b-0"), now()); // b reads the head a left
    const line = await a.append(event("a-1"), now()); // a still believes it holds the head
    expect(line.seq).to.equal(3);
    const links = [];
    for await (const link of open(location).read()) links.push(link);
    expect(links.map((l) => (JSON.parse(l.text) as { widgetId: string }).widgetId)).to.deep.equal([
      "a-0",
      "b-0",
      "a-1",
    ]);
    expect(checkChain(links).broken).to.equal(undefined);
  });

  it("refuses a second write of a line that exists", async () => {
    const location = fresh();
    const store = new S3LineStore(location, parseS3Location(location, "test"), s3.server.env);
    expect(await store.create(1, "first")).to.equal(true);
    expect(await store.create(1, "second")).to.equal(false);
    expect(await store.get(1)).to.equal("first");
  });

  it("fails with an AuditSinkError naming the location when the bucket does not exist", async () => {
    const location = s3.server.url("no-such-bucket", "p");
    const error = await rejection(open(location).append(event("x"), now()));
    expect(isCxoneWebchatError(error, "audit-sink")).to.equal(true);
    expect(error.message).to.contain(`audit sink ${location}: cannot read its head`);
    expect(error.message).to.contain("NoSuchBucket");
  });

  it("writes a spooled line once when the flush that wrote it died before taking it out of the spool", async () => {
    const location = fresh();
    const spoolRoot = mkdtempSync(join(tmpdir(), "s3-spool-"));
    try {
      await open(location).append(event("before"), now());
      const spool = new AuditSpool(spoolRoot, location);
      const one = await spool.put("2026-12-01T00:00:01Z", event("one"));
      const two = await spool.put("2026-12-01T00:00:02Z", event("two"));
      expect(await flushKilledAfterWrite(location, spoolRoot, s3.server.env)).to.equal("SIGKILL");
      expect((await sinkLines(open(location))).map((l) => l.widgetId)).to.deep.equal([
        "before",
        "one",
      ]);
      expect(spooledIds(spoolRoot, location)).to.have.members([one.spoolId, two.spoolId]);
      const next = new AuditTrail({ sink: open(location), spool });
      expect(await next.flush()).to.equal(2);
      expect((await sinkLines(open(location))).map((l) => [l.widgetId, l.spoolId])).to.deep.equal([
        ["before", undefined],
        ["one", one.spoolId],
        ["two", two.spoolId],
      ]);
      expect((await verifySink(open(location))).broken).to.equal(undefined);
      expect(spooledIds(spoolRoot, location)).to.deep.equal([]);
    } finally {
      rmSync(spoolRoot, { recursive: true, force: true });
    }
  });

  it("audit verify reports the lines missing between the end of the chain and the head object", async () => {
    const location = fresh("cut");
    const sink = open(location);
    for (let i = 0; i < 10; i++) await sink.append(event(`w-${i}`), now());
    const verify = async () => {
      const out: string[] = [];
      const code = await run(
        ["audit", "verify", location],
        (l) => out.push(l),
        (l) => out.push(l),
        { ...s3.server.env, CXONE_AUDIT_SPOOL: join(tmpdir(), "no-such-spool") },
      );
      return { code, out };
    };
    expect(await verify()).to.deep.equal({
      code: 0,
      out: [`${location}: audit chain intact (10 lines)`],
    });
    // The head object is noted every 8 lines: it says 8. Lines 6 to 10 go.
    const bucket = `audit-${bucketCount}`;
    for (let seq = 6; seq <= 10; seq++)
      rmSync(s3.server.path(bucket, `cut/lines/${lineFileName(seq)}`));
    expect(await verify()).to.deep.equal({
      code: 1,
      out: [
        `${location}: audit chain broken at line 6: the head says line 8, but the chain ends at line 5: lines 6-8 are missing`,
      ],
    });
  });

  describe("under racing writers", function () {
    this.timeout(900_000);

    for (const writers of [2, 8]) {
      it(`keeps one chain when ${writers} clients append 1,000 lines each at once`, async () => {
        const perWriter = 1000;
        const location = fresh("race");
        const started = Date.now();
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const sink = open(location) as ChainedSink;
            for (let i = 0; i < perWriter; i++)
              await sink.append(event(`writer-${w}-${i}`, `writer-${w}`), now());
          }),
        );
        const seconds = (Date.now() - started) / 1000;
        const links = [];
        for await (const link of open(location).read()) links.push(link);
        const check = checkChain(links);
        expect(check.broken).to.equal(undefined);
        expect(check.lines).to.equal(writers * perWriter);
        const lines = links.map(
          (l) => JSON.parse(l.text) as { widgetId: string; requestIds: string[] },
        );
        expect(new Set(lines.map((l) => l.widgetId)).size).to.equal(writers * perWriter);
        for (let w = 0; w < writers; w++) {
          expect(
            lines.filter((l) => l.requestIds[0] === `writer-${w}`).map((l) => l.widgetId),
          ).to.deep.equal(Array.from({ length: perWriter }, (_, i) => `writer-${w}-${i}`));
        }
        console.log(
          `      ${writers} clients x ${perWriter} lines: ${seconds.toFixed(1)} s, ${Math.round((writers * perWriter) / seconds)} lines/s`,
        );
      });
    }
  });
});
