import { expect } from "chai";
import { chainLine, type AuditEvent, type ChainLink } from "../../provider/audit/audit-log";
import { checkChain } from "../../provider/audit/verify-audit";

const event = (widgetId: string): AuditEvent => ({
  resource: "WebchatSecurityPolicy",
  widgetId,
  action: "update",
  digestBefore: null,
  digestAfter: null,
  latencyMs: 0,
  outcome: "success",
  requestIds: [],
});
const KEY = "the-team-audit-key-2026";

/** A chain of lines for these widget ids, each written as a sink writes it. */
function chain(ids: readonly string[], options: { key?: string; spoolIds?: string[] } = {}) {
  const links: ChainLink[] = [];
  for (const [i, id] of ids.entries()) {
    const spoolId = options.spoolIds?.[i];
    const line = chainLine(links.at(-1), event(id), {
      time: "2026-12-01T00:00:00.000Z",
      ...(options.key === undefined ? {} : { key: options.key }),
      ...(spoolId === undefined ? {} : { spoolId }),
    });
    links.push({ seq: line.seq, text: JSON.stringify(line) });
  }
  return links;
}
const hashOf = (link: ChainLink | undefined) =>
  (JSON.parse(link?.text ?? "{}") as { hash: string }).hash;

describe("checkChain", () => {
  it("accepts an intact chain, signed or not", () => {
    expect(checkChain(chain(["a", "b", "c"]))).to.deep.equal({
      lines: 3,
      headSigned: false,
      anchored: 0,
      spooled: [],
      spooledElsewhere: [],
      missing: [],
    });
    expect(checkChain(chain(["a", "b"], { key: KEY }), { key: KEY })).to.deep.include({
      lines: 2,
      headSigned: true,
    });
  });

  it("reports a missing line, a repeated one and a misplaced one by sequence number", () => {
    const links = chain(["a", "b", "c", "d"]);
    expect(checkChain([links[0], links[2], links[3]] as ChainLink[]).broken).to.deep.equal({
      line: 2,
      reason: "the line is missing: line 3 follows line 1",
    });
    expect(checkChain([links[1], links[2]] as ChainLink[]).broken).to.deep.equal({
      line: 1,
      reason: "the line is missing: line 2 follows the chain starts",
    });
    expect(checkChain([links[0], links[1], links[1]] as ChainLink[]).broken).to.deep.equal({
      line: 2,
      reason: "the line is stored twice",
    });
    const moved = { seq: 2, text: links[2]?.text ?? "" };
    expect(checkChain([links[0], moved] as ChainLink[]).broken).to.deep.equal({
      line: 2,
      reason: "the line says it is line 3",
    });
  });

  it("misses a truncation on its own, and catches it through the state's anchors", () => {
    const links = chain(["a", "b", "c", "d"]);
    const anchors = [
      { anchor: hashOf(links[1]), resource: "policy-b" },
      { anchor: hashOf(links[3]), resource: "policy-d" },
    ];
    const cut = links.slice(0, 3);
    expect(checkChain(cut).broken).to.equal(undefined);
    const result = checkChain(cut, { anchors });
    expect(result.anchored).to.equal(1);
    expect(result.missing).to.deep.equal([anchors[1]]);
  });

  it("catches a consistent rewrite through the anchors, and through the key without them", () => {
    const original = chain(["a", "b", "c"], { key: KEY });
    const anchors = [{ anchor: hashOf(original[2]), resource: "webhook-c" }];
    // The forger edits line 2 and re-chains everything after it, but has no key.
    const forged = chain(["a", "FORGED", "c"]);
    expect(checkChain(forged).broken).to.equal(undefined);
    expect(checkChain(forged, { anchors }).missing).to.deep.equal(anchors);
    expect(checkChain(forged, { key: KEY }).broken).to.deep.equal({
      line: 3,
      reason:
        "the head is not signed: it was written without the audit key, or the chain was rewritten",
    });
    // Signed with a key of their own, it fails just the same.
    expect(
      checkChain(chain(["a", "FORGED", "c"], { key: "another-key-0123456" }), { key: KEY }).broken,
    )
      .to.have.property("reason")
      .that.matches(/^the head's mac does not match the audit key/);
  });

  it("finds a spooled line by its id once written, in the spool here until then, and else names it spooled elsewhere, not missing", () => {
    const links = chain(["a", "b"], { spoolIds: [undefined as unknown as string, "f".repeat(32)] });
    const anchors = [
      { anchor: `spool:${"f".repeat(32)}`, resource: "written" },
      { anchor: `spool:${"e".repeat(32)}`, resource: "still spooled here" },
      { anchor: `spool:${"d".repeat(32)}`, resource: "spooled on another machine" },
      { anchor: "c".repeat(64), resource: "cut off" },
    ];
    const result = checkChain(links, { anchors, spooledIds: ["e".repeat(32)] });
    expect(result.anchored).to.equal(1);
    expect(result.spooled).to.deep.equal([anchors[1]]);
    expect(result.spooledElsewhere).to.deep.equal([anchors[2]]);
    expect(result.missing).to.deep.equal([anchors[3]]);
  });

  it("with the head hint, reports the lines missing after the last one found", () => {
    const links = chain(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
    expect(checkChain(links, { headHint: 10 }).broken).to.equal(undefined);
    // The hint is a lower bound: lines after it are what later writers added.
    expect(checkChain(links, { headHint: 8 }).broken).to.equal(undefined);
    expect(checkChain(links.slice(0, 7), { headHint: 10 })).to.deep.include({
      lines: 7,
      broken: {
        line: 8,
        reason: "the head says line 10, but the chain ends at line 7: lines 8-10 are missing",
      },
    });
    expect(checkChain(links.slice(0, 9), { headHint: 10 }).broken).to.deep.equal({
      line: 10,
      reason: "the head says line 10, but the chain ends at line 9: line 10 is missing",
    });
    expect(checkChain([], { headHint: 2 }).broken).to.deep.equal({
      line: 1,
      reason: "the head says line 2, but the chain ends at line 0: lines 1-2 are missing",
    });
    // A break inside the chain comes first: it is the first broken link.
    expect(
      checkChain([links[0], links[2]] as ChainLink[], { headHint: 10 }).broken,
    ).to.deep.include({ line: 2 });
  });
});
