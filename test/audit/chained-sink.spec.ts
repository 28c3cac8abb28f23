import { expect } from "chai";
import { chainLine, sha256, type AuditEvent } from "../../provider/audit/audit-log";
import { ChainedSink } from "../../provider/audit/chained-sink";
import { checkChain } from "../../provider/audit/verify-audit";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { MemoryLineStore } from "../helpers/memory-line-store";
import { rejection } from "../helpers/rejection";

const event = (widgetId: string): AuditEvent => ({
  resource: "WafWebhook",
  widgetId,
  action: "create",
  digestBefore: null,
  digestAfter: null,
  latencyMs: 0,
  outcome: "success",
  requestIds: [],
});
const context = { time: "2026-12-01T00:00:00.000Z" };
const noWait = { sleep: async () => undefined };
const links = (store: MemoryLineStore) =>
  [...store.lines.entries()].sort(([a], [b]) => a - b).map(([seq, text]) => ({ seq, text }));

describe("ChainedSink", () => {
  it("re-chains onto every line that beat it, and takes the next free number", async () => {
    const store = new MemoryLineStore();
    const sink = new ChainedSink(store, noWait);
    await sink.append(event("mine-1"), context);
    // Two other writers land lines 2 and 3 just before this one's write of line 2.
    store.beforeCreate = (seq) => {
      if (seq !== 2 || store.lines.has(2)) return;
      for (const [n, id] of [
        [2, "theirs-2"],
        [3, "theirs-3"],
      ] as const) {
        const previous = { seq: n - 1, text: store.lines.get(n - 1) ?? "" };
        store.lines.set(n, JSON.stringify(chainLine(previous, event(id), context)));
      }
    };
    const line = await sink.append(event("mine-2"), context);
    expect(line.seq).to.equal(4);
    expect(line.prevHash).to.equal(sha256(store.lines.get(3) ?? ""));
    expect(checkChain(links(store))).to.deep.include({ lines: 4 });
    expect(checkChain(links(store)).broken).to.equal(undefined);
  });

  it("gives up with an AuditSinkError after maxAttempts numbers were taken first", async () => {
    const store = new MemoryLineStore();
    store.beforeCreate = (seq) => {
      store.lines.set(seq, JSON.stringify(chainLine(undefined, event("other"), context)));
    };
    const error = await rejection(
      new ChainedSink(store, { ...noWait, maxAttempts: 3 }).append(event("mine"), context),
    );
    expect(isCxoneWebchatError(error, "audit-sink")).to.equal(true);
    expect(error.message).to.equal(
      "audit sink memory://test: no free sequence number after 3 tries: other writers took each one first",
    );
  });

  it("starts from the hint, and lists the lines when the hint points past the last one", async () => {
    const store = new MemoryLineStore();
    const writer = new ChainedSink(store, noWait);
    for (let i = 0; i < 5; i++) await writer.append(event(`w-${i}`), context);
    store.hint = 9; // the trail was cut short after the hint was written
    expect((await new ChainedSink(store).head())?.seq).to.equal(5);
    store.hint = 0;
    expect((await new ChainedSink(store).head())?.seq).to.equal(5);
  });

  it("reads every line in order, with gaps left visible", async () => {
    const store = new MemoryLineStore();
    const writer = new ChainedSink(store, noWait);
    for (let i = 0; i < 40; i++) await writer.append(event(`w-${i}`), context);
    store.lines.delete(17);
    const seqs: number[] = [];
    for await (const link of new ChainedSink(store, { readAhead: 4 }).read()) seqs.push(link.seq);
    expect(seqs).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1).filter((s) => s !== 17));
  });
});
