import { spawnSync } from "node:child_process";
import { readdirSync, renameSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";
import type { AuditEvent } from "../../provider/audit/audit-log";
import { AuditSpool, spooledIds, spoolFolder } from "../../provider/audit/audit-spool";
import { useTempDir } from "../helpers/temp-dir";

const event = (widgetId: string): AuditEvent => ({
  resource: "WafWebhook",
  widgetId,
  action: "delete",
  digestBefore: null,
  digestAfter: null,
  latencyMs: 0,
  outcome: "success",
  requestIds: [],
});

describe("AuditSpool", () => {
  const tmp = useTempDir("spool-");
  const LOCATION = "s3://audit/team?endpoint=http://127.0.0.1:1&use_path_style=true";

  it("keeps entries in the order they were spooled, each with a fresh id", async () => {
    const spool = new AuditSpool(tmp.path, LOCATION);
    const first = await spool.put("2026-12-01T00:00:00Z", event("a"));
    const second = await spool.put("2026-12-01T00:00:01Z", event("b"));
    expect(first.spoolId).to.match(/^[0-9a-f]{32}$/);
    expect(first.spoolId).to.not.equal(second.spoolId);
    const names = await spool.pending();
    expect(names).to.have.length(2);
    const entries = [];
    for (const name of names) entries.push((await spool.claim(name))?.entry);
    expect(entries).to.deep.equal([first, second]);
    expect(spooledIds(tmp.path, LOCATION)).to.have.members([first.spoolId, second.spoolId]);
  });

  it("lets one flush take an entry: a second claim gets nothing, and release gives it back", async () => {
    const spool = new AuditSpool(tmp.path, LOCATION);
    await spool.put("2026-12-01T00:00:00Z", event("a"));
    const [name = ""] = await spool.pending();
    const claim = await spool.claim(name);
    expect(claim).to.not.equal(undefined);
    expect(await spool.claim(name)).to.equal(undefined);
    expect(await spool.pending()).to.deep.equal([]);
    await claim?.release();
    expect(await spool.pending()).to.deep.equal([name]);
    await (await spool.claim(name))?.done();
    expect(await spool.pending()).to.deep.equal([]);
    expect(spooledIds(tmp.path, LOCATION)).to.deep.equal([]);
  });

  it("takes back an entry claimed by a process that has died", async () => {
    const spool = new AuditSpool(tmp.path, LOCATION);
    await spool.put("2026-12-01T00:00:00Z", event("a"));
    const [name = ""] = await spool.pending();
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid;
    renameSync(join(spool.dir, name), join(spool.dir, `${name}.claimed-${dead}`));
    expect(await spool.pending()).to.deep.equal([name]);
    expect(readdirSync(spool.dir)).to.include(name);
  });

  it("names one folder per sink, the same for a relative and an absolute directory", () => {
    const absolute = join(tmp.path, "audit");
    expect(spoolFolder("spool", relative(process.cwd(), absolute))).to.equal(
      spoolFolder("spool", absolute),
    );
    expect(spoolFolder("spool", `file://${absolute}`)).to.equal(spoolFolder("spool", absolute));
    expect(spoolFolder("spool", LOCATION)).to.match(/^spool\/s3-[0-9a-f]{16}$/);
    expect(spoolFolder("spool", "s3://audit/other")).to.not.equal(spoolFolder("spool", LOCATION));
  });
});
