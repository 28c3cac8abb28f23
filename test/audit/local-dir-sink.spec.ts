import { cpSync, existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { AUDIT_FILE, sha256, type AuditEvent } from "../../provider/audit/audit-log";
import type { LineStore } from "../../provider/audit/audit-sink";
import { ChainedSink } from "../../provider/audit/chained-sink";
import {
  DirLineStore,
  dirSinkKind,
  HEAD_FILE,
  LINES_DIR,
  lineFileName,
} from "../../provider/audit/local-dir-sink";
import { verifyAuditChain } from "../../provider/audit/verify-audit";
import { auditLines } from "../helpers/audit-lines";
import { rejection } from "../helpers/rejection";
import { useTempDir } from "../helpers/temp-dir";

const FIXTURE = join(__dirname, "..", "..", "..", "test", "fixtures", "audit-v0.1");

const event = (i: number): AuditEvent => ({
  resource: "WafWebhook",
  widgetId: `w-${i}`,
  action: "create",
  digestBefore: null,
  digestAfter: null,
  latencyMs: i,
  outcome: "success",
  requestIds: [],
});
const at = (i: number) => ({ time: new Date(Date.UTC(2026, 11, 1, 0, 0, i)).toISOString() });

/** A store that counts the reads and writes that reach it. */
function counted(store: LineStore) {
  const counts = { get: 0, create: 0, list: 0 };
  const wrapped: LineStore = {
    location: store.location,
    get: (seq) => ((counts.get += 1), store.get(seq)),
    create: (seq, text) => ((counts.create += 1), store.create(seq, text)),
    headHint: () => store.headHint(),
    noteHead: (seq) => store.noteHead(seq),
    list: () => ((counts.list += 1), store.list()),
  };
  return { counts, store: wrapped };
}

describe("the local directory sink", () => {
  const tmp = useTempDir("dir-sink-");

  it("stores each line in lines/<seq>.json, chained, and notes the head", async () => {
    const sink = dirSinkKind.open(tmp.path, "test", { env: {} });
    for (let i = 0; i < 3; i++) await sink.append(event(i), at(i));
    expect(readdirSync(join(tmp.path, LINES_DIR)).sort()).to.deep.equal([
      lineFileName(1),
      lineFileName(2),
      lineFileName(3),
    ]);
    expect(readFileSync(join(tmp.path, HEAD_FILE), "utf8")).to.equal("3\n");
    expect(verifyAuditChain(tmp.path)).to.deep.equal({ ok: true, lines: 3 });
    expect(auditLines(tmp.path).map((l) => l.widgetId)).to.deep.equal(["w-0", "w-1", "w-2"]);
    expect(await sink.head()).to.deep.include({ seq: 3 });
  });

  it("takes a file:// URL as well as a path", async () => {
    const sink = dirSinkKind.open(pathToFileURL(tmp.path).href, "test", { env: {} });
    await sink.append(event(0), at(0));
    expect(verifyAuditChain(tmp.path)).to.deep.equal({ ok: true, lines: 1 });
  });

  it("verifies a trail written by release 0.1 as it is", () => {
    expect(verifyAuditChain(FIXTURE)).to.deep.equal({ ok: true, lines: 6 });
  });

  it("continues a release 0.1 trail from its last line, leaving audit.jsonl as it was", async () => {
    cpSync(FIXTURE, tmp.path, { recursive: true });
    const before = readFileSync(join(tmp.path, AUDIT_FILE), "utf8");
    const sink = dirSinkKind.open(tmp.path, "test", { env: {} });
    const line = await sink.append(event(7), at(7));
    expect(line.seq).to.equal(7);
    expect(line.prevHash).to.equal(sha256(before.trim().split("\n").at(-1) ?? ""));
    expect(readFileSync(join(tmp.path, AUDIT_FILE), "utf8")).to.equal(before);
    expect(existsSync(join(tmp.path, LINES_DIR, lineFileName(7)))).to.equal(true);
    expect(verifyAuditChain(tmp.path)).to.deep.equal({ ok: true, lines: 7 });
  });

  it("finds the head from its hint: an append costs the same after 300 lines as after 3", async () => {
    const writer = dirSinkKind.open(tmp.path, "test", { env: {} });
    for (let i = 0; i < 300; i++) await writer.append(event(i), at(i));
    // A new process: nothing remembered, only the directory.
    const { counts, store } = counted(new DirLineStore(tmp.path));
    await new ChainedSink(store).append(event(300), at(300));
    expect(counts).to.deep.equal({ get: 2, create: 1, list: 0 });
    // The same process again: it remembers the head it wrote.
    counts.get = 0;
    counts.create = 0;
    const again = new ChainedSink(store);
    await again.append(event(301), at(301));
    await again.append(event(302), at(302));
    expect(counts).to.deep.equal({ get: 2, create: 2, list: 0 });
    expect(verifyAuditChain(tmp.path)).to.deep.equal({ ok: true, lines: 303 });
  });

  it("is not stopped by what a writer killed mid-write leaves: a temporary file, never half a line", async () => {
    const sink = dirSinkKind.open(tmp.path, "test", { env: {} });
    await sink.append(event(0), at(0));
    writeFileSync(join(tmp.path, LINES_DIR, ".2.99999.deadbeef"), '{"seq":2,"ti');
    await dirSinkKind.open(tmp.path, "test", { env: {} }).append(event(1), at(1));
    expect(verifyAuditChain(tmp.path)).to.deep.equal({ ok: true, lines: 2 });
  });

  it("points at a removed line by its number, and at an edited one", async () => {
    const sink = dirSinkKind.open(tmp.path, "test", { env: {} });
    for (let i = 0; i < 4; i++) await sink.append(event(i), at(i));
    const second = join(tmp.path, LINES_DIR, lineFileName(2));
    writeFileSync(second, readFileSync(second, "utf8").replace('"latencyMs":1', '"latencyMs":5'));
    expect(verifyAuditChain(tmp.path)).to.deep.equal({
      ok: false,
      line: 2,
      reason: "its content does not match its hash: the line was edited",
    });
    unlinkSync(second);
    expect(verifyAuditChain(tmp.path)).to.deep.equal({
      ok: false,
      line: 2,
      reason: "the line is missing: line 3 follows line 1",
    });
  });

  it("fails with the location and the reason when the directory cannot be written", async () => {
    const blocker = join(tmp.path, "file");
    writeFileSync(blocker, "");
    const sink = dirSinkKind.open(join(blocker, "audit"), "test", { env: {} });
    const error = await rejection(sink.append(event(0), at(0)));
    expect(error.message).to.match(/^audit sink .*\/file\/audit: cannot read its head: ENOTDIR/);
  });

  it("refuses an empty path and a malformed file URL, naming the setting", () => {
    expect(() => dirSinkKind.open("", "cxone:audit", { env: {} })).to.throw(
      'cxone:audit: "" is an empty path',
    );
    expect(() => dirSinkKind.open("file://host/x", "CXONE_AUDIT", { env: {} })).to.throw(
      /^CXONE_AUDIT: "file:\/\/host\/x" is not a file URL/,
    );
  });
});
