import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { AuditEvent, AuditLine } from "../../provider/audit/audit-log";
import { AuditSpool } from "../../provider/audit/audit-spool";
import {
  dirSinkKind,
  HEAD_FILE,
  LINES_DIR,
  lineFileName,
} from "../../provider/audit/local-dir-sink";
import { run } from "../../provider/cli/main";
import { checkPolicyInputs } from "../../provider/resources/policy/check";
import { useTempDir } from "../helpers/temp-dir";

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
    env,
  );
  return { code, out, err };
}

describe("pulumi-cxone-webchat command line", () => {
  const dir = useTempDir("cli-");

  it("validate accepts a valid YAML policy and prints its digest", async () => {
    const file = join(dir.path, "policy.yaml");
    writeFileSync(
      file,
      "corsOrigins:\n  - https://shop.example.com\nauthentication:\n  requireToken: false\n",
    );
    const result = await cli(["validate", file]);
    expect(result.code).to.equal(0);
    expect(result.out[0]).to.match(/valid; policyDigest [0-9a-f]{64}$/);
  });

  it("validate exits 1 with the same messages as pulumi preview", async () => {
    const resource = {
      widgetId: "w",
      corsOrigins: ["http://evil.example"],
      authentication: { requireToken: true },
      rules: [{ id: "a", action: "block", pattern: "x<y" }],
    };
    const file = join(dir.path, "policy.json");
    writeFileSync(file, JSON.stringify(resource));
    const result = await cli(["validate", file]);
    expect(result.code).to.equal(1);
    const expected = checkPolicyInputs(resource).failures.map(
      (f) => `${file}: ${f.path}: ${f.reason}`,
    );
    expect(result.err.slice(0, -1)).to.deep.equal(expected);
    expect(result.err.at(-1)).to.equal("3 problems");
  });

  it("validate exits 2 on a file it cannot parse", async () => {
    const file = join(dir.path, "broken.json");
    writeFileSync(file, "{");
    expect((await cli(["validate", file])).code).to.equal(2);
  });

  describe("audit verify", () => {
    const trail = () => join(dir.path, "trail");
    const event = (i: number): AuditEvent => ({
      resource: "WafWebhook",
      widgetId: "w",
      action: "create",
      digestBefore: null,
      digestAfter: null,
      latencyMs: i,
      outcome: "success",
      requestIds: [],
    });
    const write = async (count: number, key?: string) => {
      const sink = dirSinkKind.open(trail(), "test", { env: {} });
      const lines: AuditLine[] = [];
      for (let i = 0; i < count; i++)
        lines.push(
          await sink.append(event(i), { time: "2026-12-01T00:00:00Z", ...(key ? { key } : {}) }),
        );
      return lines;
    };
    const state = (hashes: string[]) => {
      const file = join(dir.path, "state.json");
      writeFileSync(
        file,
        JSON.stringify({
          version: 3,
          deployment: {
            resources: [
              { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev" },
              ...hashes.map((auditHash, i) => ({
                urn: `urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::r${i}`,
                outputs: { auditHash, policyDigest: "x" },
              })),
            ],
          },
        }),
      );
      return file;
    };

    it("reports an intact chain, then the first broken line by its number", async () => {
      await write(3);
      expect(await cli(["audit", "verify", trail()])).to.deep.include({
        code: 0,
        out: [`${trail()}: audit chain intact (3 lines)`],
      });
      const file = join(trail(), LINES_DIR, lineFileName(1));
      writeFileSync(file, readFileSync(file, "utf8").replace('"latencyMs":0', '"latencyMs":7'));
      const broken = await cli(["audit", "verify", trail()]);
      expect(broken.code).to.equal(1);
      expect(broken.err[0]).to.equal(
        `${trail()}: audit chain broken at line 1: its content does not match its hash: the line was edited`,
      );
    });

    it("reads the location from CXONE_AUDIT when none is given", async () => {
      await write(2);
      expect(await cli(["audit", "verify"], { CXONE_AUDIT: trail() })).to.deep.include({
        code: 0,
        out: [`${trail()}: audit chain intact (2 lines)`],
      });
    });

    it("exits 2 when there is no trail to read", async () => {
      const result = await cli(["audit", "verify", join(dir.path, "nowhere")]);
      expect(result.code).to.equal(2);
      expect(result.err[0]).to.match(/cannot read the audit trail: no audit trail in/);
    });

    it("with --state, catches lines cut off the end, which the chain alone cannot show", async () => {
      const lines = await write(4);
      const file = state([lines[1]?.hash ?? "", lines[3]?.hash ?? ""]);
      expect((await cli(["audit", "verify", trail(), "--state", file])).out).to.deep.equal([
        `${trail()}: audit chain intact (4 lines)`,
        `${trail()}: the state names 2 audit lines; 2 in the chain, 0 spooled`,
      ]);
      rmSync(join(trail(), LINES_DIR, lineFileName(4)));
      rmSync(join(trail(), HEAD_FILE));
      expect(await cli(["audit", "verify", trail()])).to.deep.include({ code: 0 });
      const cut = await cli(["audit", "verify", trail(), "--state", file]);
      expect(cut.code).to.equal(1);
      expect(cut.err).to.deep.equal([
        `${trail()}: urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::r1 names audit line ${lines[3]?.hash}, which the chain does not hold (it ends at line 3): lines were cut off, or the chain was rewritten`,
      ]);
    });

    it("with CXONE_AUDIT_KEY, refuses a chain rewritten consistently without the key", async () => {
      const key = "a-team-audit-key-0123";
      await write(3, key);
      expect((await cli(["audit", "verify", trail()], { CXONE_AUDIT_KEY: key })).out).to.deep.equal(
        [`${trail()}: audit chain intact (3 lines, head signed with CXONE_AUDIT_KEY)`],
      );
      // Rewrite: edit line 2 and re-chain lines 2 and 3 with no key, as a forger would.
      rmSync(trail(), { recursive: true });
      const forged = dirSinkKind.open(trail(), "test", { env: {} });
      for (let i = 0; i < 3; i++)
        await forged.append(
          { ...event(i), widgetId: i === 1 ? "forged" : "w" },
          { time: "2026-12-01T00:00:00Z" },
        );
      expect((await cli(["audit", "verify", trail()])).code).to.equal(0);
      const result = await cli(["audit", "verify", trail()], { CXONE_AUDIT_KEY: key });
      expect(result.code).to.equal(1);
      expect(result.err[0]).to.equal(
        `${trail()}: audit chain broken at line 3: the head is not signed: it was written without the audit key, or the chain was rewritten`,
      );
    });

    it("reports lines still waiting in the spool", async () => {
      await write(1);
      const spool = join(dir.path, "spool");
      const entry = await new AuditSpool(spool, trail()).put("2026-12-01T00:00:00Z", event(9));
      const file = state([`spool:${entry.spoolId}`]);
      const result = await cli(["audit", "verify", trail(), "--state", file], {
        CXONE_AUDIT_SPOOL: spool,
      });
      expect(result.code).to.equal(3);
      expect(result.out).to.deep.equal([
        `${trail()}: 1 line is still spooled in ${spool}, not yet in the chain: the next pulumi preview, up, refresh or destroy here that reaches the sink writes them`,
        `${trail()}: urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::r0 names a line still spooled here (spool:${entry.spoolId})`,
        `${trail()}: audit chain intact (1 line)`,
        `${trail()}: the state names 1 audit line; 0 in the chain, 1 spooled`,
        `${trail()}: not complete yet: lines still wait in a spool (exit 3, not tampering)`,
      ]);
      expect(result.err).to.deep.equal([]);
    });

    it("reports a line the state says was spooled on another machine as not yet in the sink, exit 3, not as tampering", async () => {
      const lines = await write(2);
      const elsewhere = "0123456789abcdef".repeat(2);
      const file = state([lines[1]?.hash ?? "", `spool:${elsewhere}`]);
      const result = await cli(["audit", "verify", trail(), "--state", file], {
        CXONE_AUDIT_SPOOL: join(dir.path, "empty-spool"),
      });
      expect(result).to.deep.include({ code: 3, err: [] });
      expect(result.out).to.deep.equal([
        `${trail()}: urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::r1 names a line spooled, not yet in the sink (spool:${elsewhere}): it waits in the spool of the machine that ran that step, whose next pulumi run there writes it`,
        `${trail()}: audit chain intact (2 lines)`,
        `${trail()}: the state names 2 audit lines; 1 in the chain, 1 spooled`,
        `${trail()}: not complete yet: lines still wait in a spool (exit 3, not tampering)`,
      ]);
      // Cut off the end as well: that is still exit 1, whatever else waits.
      rmSync(join(trail(), LINES_DIR, lineFileName(2)));
      const cut = await cli(["audit", "verify", trail(), "--state", file], {
        CXONE_AUDIT_SPOOL: join(dir.path, "empty-spool"),
      });
      expect(cut.code).to.equal(1);
    });

    it("without --stack, reports the lines missing between the end of the chain and its head file", async () => {
      await write(10);
      for (const seq of [8, 9, 10]) rmSync(join(trail(), LINES_DIR, lineFileName(seq)));
      const result = await cli(["audit", "verify", trail()]);
      expect(result).to.deep.include({
        code: 1,
        out: [],
        err: [
          `${trail()}: audit chain broken at line 8: the head says line 10, but the chain ends at line 7: lines 8-10 are missing`,
        ],
      });
    });

    it("refuses --stack with --state, and a second location", async () => {
      expect((await cli(["audit", "verify", "--stack", "dev", "--state", "f"])).code).to.equal(2);
      expect((await cli(["audit", "verify", "a", "b"])).code).to.equal(2);
      expect((await cli(["audit", "verify", "--bogus"])).code).to.equal(2);
    });
  });

  it("prints usage and exits 2 for an unknown command", async () => {
    expect((await cli(["frobnicate"])).code).to.equal(2);
  });
});
