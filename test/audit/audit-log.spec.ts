import { expect } from "chai";
import {
  chainLine,
  GENESIS_HASH,
  lineHash,
  sha256,
  signHash,
  type AuditEvent,
} from "../../provider/audit/audit-log";

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

describe("chainLine", () => {
  const time = "2026-12-01T00:00:00.000Z";

  it("starts a chain at 1 with the genesis prevHash", () => {
    const line = chainLine(undefined, event(0), { time });
    expect(line).to.deep.include({ seq: 1, time, prevHash: GENESIS_HASH, widgetId: "w-0" });
    expect(line).to.not.have.property("mac");
  });

  it("follows a line with the next number and the SHA-256 of its exact text", () => {
    const text = '{"any":"text, byte for byte"}';
    const line = chainLine({ seq: 41, text }, event(1), { time });
    expect(line.seq).to.equal(42);
    expect(line.prevHash).to.equal(sha256(text));
  });

  it("hashes every field but hash and mac, so an edit to any field shows", () => {
    const line = chainLine(undefined, event(0), { time, spoolId: "ab", key: "k".repeat(16) });
    const { hash, mac: _mac, ...unsigned } = line;
    expect(hash).to.equal(lineHash(unsigned));
    expect(lineHash({ ...unsigned, latencyMs: 1 })).to.not.equal(hash);
    expect(lineHash({ ...unsigned, spoolId: "ac" })).to.not.equal(hash);
  });

  it("signs the hash with the key, and the key appears nowhere in the line", () => {
    const key = "a-team-audit-key-0123";
    const line = chainLine(undefined, event(0), { time, key });
    expect(line.mac).to.equal(signHash(key, line.hash));
    expect(line.mac).to.not.equal(signHash(`${key}x`, line.hash));
    expect(JSON.stringify(line)).to.not.contain(key);
  });

  it("writes the fields in release 0.1's order, with seq first", () => {
    const keys = Object.keys(chainLine(undefined, event(0), { time }));
    expect(keys).to.deep.equal([
      "seq",
      "time",
      "resource",
      "widgetId",
      "action",
      "digestBefore",
      "digestAfter",
      "latencyMs",
      "outcome",
      "requestIds",
      "prevHash",
      "hash",
    ]);
  });
});
