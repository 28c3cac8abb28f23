import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { verifyAuditChain } from "../../../provider/audit/verify-audit";
import { DEMO_CREDENTIALS } from "../../../provider/simulator/cxone-simulator";
import { auditLines, auditText } from "../../helpers/audit-lines";
import { rejection } from "../../helpers/rejection";

import { args, usePolicyProvider, WIDGET, type Props } from "../../helpers/policy-provider";

describe("PolicyHooks audit trail and secrets", () => {
  const { audit, warnings, provider, configured, checked, created } = usePolicyProvider();

  describe("audit trail and secrets", () => {
    it("appends one chained line per create, update and delete", async () => {
      const p = provider();
      const { outs } = await created(p);
      const updated = await p.update(WIDGET, outs, await checked(p, args({ rules: [] })));
      await p.delete(WIDGET, updated.outs as Props);
      const lines = auditLines(audit.path);
      expect(lines.map((l) => l.action)).to.deep.equal(["create", "update", "delete"]);
      expect(lines[0]).to.deep.include({
        resource: "WebchatSecurityPolicy",
        widgetId: WIDGET,
        outcome: "success",
        digestAfter: outs.policyDigest,
      });
      expect(lines[0]?.requestIds).to.deep.equal(["req-000002", "req-000003"]);
      expect(verifyAuditChain(audit.path)).to.deep.equal({ ok: true, lines: 3 });
    });

    it("keeps the hash of its last audit line in its outputs, and refresh returns it unchanged", async () => {
      const p = provider();
      const { outs } = await created(p);
      expect(outs.auditHash).to.equal(auditLines(audit.path)[0]?.hash);
      const updated = (await p.update(WIDGET, outs, await checked(p, args({ rules: [] }))))
        .outs as Props;
      expect(updated.auditHash).to.equal(auditLines(audit.path)[1]?.hash);
      const refreshed = await p.read(WIDGET, updated);
      expect((refreshed.props as Props).auditHash).to.equal(updated.auditHash);
      expect(refreshed.inputs).to.not.have.property("auditHash");
      const { auditHash: _hash, ...older } = updated;
      expect((await p.read(WIDGET, older)).props).to.not.have.property("auditHash");
    });

    it("deploys while the audit sink is away: the line is spooled with a warning and written first by the next step", async () => {
      const blocker = join(audit.path, "trail");
      const p = provider({ CXONE_AUDIT_DIR: blocker });
      const inputs = await checked(p, args());
      // Usable at preview; away (here: a file in its place) by the time the line is written.
      writeFileSync(blocker, "");
      const outs = (await p.create({ ...inputs, __provider: "serialized" })).outs as Props;
      expect(outs.auditHash).to.match(/^spool:[0-9a-f]{32}$/);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(
        /^warning: the audit line of this create \(WebchatSecurityPolicy wc-support-001\) is kept in /,
      );
      rmSync(blocker);
      const next = provider({ CXONE_AUDIT_DIR: blocker });
      const updated = (await next.update(WIDGET, outs, await checked(next, args({ rules: [] }))))
        .outs as Props;
      const lines = auditLines(blocker);
      expect(lines.map((l) => [l.action, l.spoolId])).to.deep.equal([
        ["create", String(outs.auditHash).slice("spool:".length)],
        ["update", undefined],
      ]);
      expect(updated.auditHash).to.equal(lines[1]?.hash);
      expect(verifyAuditChain(blocker)).to.deep.equal({ ok: true, lines: 2 });
    });

    it("writes what the spool holds as the next process starts, before any hook: a preview, a no-op up or a refresh writes it too", async () => {
      const blocker = join(audit.path, "trail");
      const p = provider({ CXONE_AUDIT_DIR: blocker });
      const inputs = await checked(p, args());
      writeFileSync(blocker, "");
      const outs = (await p.create({ ...inputs, __provider: "serialized" })).outs as Props;
      const spoolId = String(outs.auditHash).slice("spool:".length);
      warnings.length = 0;
      await configured(provider({ CXONE_AUDIT_DIR: blocker })); // warns, never throws
      expect(warnings).to.have.length(1);
      expect(warnings[0])
        .to.match(/^warning: 1 audit line still waits in /)
        .and.contain("the next pulumi preview, up, refresh or destroy here writes them first");
      rmSync(blocker);
      warnings.length = 0;
      const next = provider({ CXONE_AUDIT_DIR: blocker });
      await configured(next);
      expect(auditLines(blocker).map((l) => [l.action, l.spoolId])).to.deep.equal([
        ["create", spoolId],
      ]);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(
        /: wrote 1 audit line that waited in .* while the sink was away$/,
      );
      expect(verifyAuditChain(blocker)).to.deep.equal({ ok: true, lines: 1 });
    });

    it("writes no secret to outputs, errors or the audit file", async () => {
      const p = provider();
      const { outs } = await created(p);
      await rejection(created(p, args({ widgetId: "ghost" })));
      const everything = JSON.stringify(outs) + auditText(audit.path);
      expect(everything).to.not.contain(DEMO_CREDENTIALS.clientSecret);
      expect(everything).to.not.match(/simtok_/);
      expect(auditLines(audit.path)).to.have.length(2);
    });
  });
});
