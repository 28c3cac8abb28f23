import { join } from "node:path";
import { expect } from "chai";
import { ADOPTED_FIELD, MANAGED_BY_FIELD } from "../../../provider/cxone/widget";
import { isCxoneWebchatError } from "../../../provider/errors/base-error";
import { auditLines } from "../../helpers/audit-lines";
import { rejection } from "../../helpers/rejection";

import { args, usePolicyProvider, WIDGET, type Props } from "../../helpers/policy-provider";

describe("PolicyHooks ownership", () => {
  const { env, audit, warnings, provider, checked, created } = usePolicyProvider();

  describe("ownership", () => {
    const A = "cxone-webchat/team-a/support";
    const B = "cxone-webchat/team-b/support";
    const claim = () =>
      (env.sim.widgets.get(WIDGET)?.widget.settings as Props | undefined)?.[MANAGED_BY_FIELD];

    it("marks the widget with its claim beside the policy, and destroy takes the mark away", async () => {
      const before = JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
      const p = provider();
      const { outs } = await created(p, args({ managedBy: A }));
      expect(claim()).to.equal(A);
      expect(outs).to.deep.include({ managedBy: A, previousManagedBy: null });
      await p.delete(WIDGET, outs);
      expect(JSON.stringify(env.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
    });

    it("keeps what the widget held beside its claim: a create whose result was lost adopts that again, and destroy gives it back", async () => {
      const before = JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
      const original = (env.sim.widgets.get(WIDGET)?.widget.settings as Props).securityPolicies;
      const p = provider();
      await created(p, args({ managedBy: A })); // landed, but the engine died before recording it
      expect(
        (env.sim.widgets.get(WIDGET)?.widget.settings as Props)[ADOPTED_FIELD],
      ).to.deep.include({ securityPolicies: original });
      env.sim.clearLog();
      const again = await created(p, args({ managedBy: A }));
      expect(env.routes()).to.deep.equal(["GET W/wc-support-001 200"]);
      expect(again.outs).to.deep.include({
        previousPolicyJson: JSON.stringify(original),
        previousManagedBy: null,
      });
      // One operation, one line: the lost create's line stands for the create that finds it.
      const lines = auditLines(audit.path);
      expect(lines.map((l) => [l.action, l.outcome])).to.deep.equal([["create", "success"]]);
      expect(again.outs.auditHash).to.equal(lines[0]?.hash);
      await p.delete(WIDGET, again.outs);
      expect(JSON.stringify(env.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
    });

    it("records the create that finds its own earlier write when that write's line never reached the trail", async () => {
      await created(provider(), args({ managedBy: A })); // landed; its line went elsewhere
      const elsewhere = join(audit.path, "other-trail");
      const again = await created(provider({ CXONE_AUDIT_DIR: elsewhere }), args({ managedBy: A }));
      const lines = auditLines(elsewhere);
      expect(lines.map((l) => [l.action, l.outcome])).to.deep.equal([["create", "success"]]);
      expect(again.outs.auditHash).to.equal(lines[0]?.hash);
    });

    it("undoes a claimed create it cannot record exactly: policy, claim and record as found", async () => {
      const gone = new Error("the engine is gone");
      const lost = provider({}, () => Promise.reject(gone));
      const live = () => JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
      for (const declared of [args({ managedBy: A }), args({ managedBy: A, rules: [] })]) {
        const found = live(); // unclaimed the first time; claimed, with its record, the second
        const inputs = await checked(lost, declared);
        expect(await rejection(lost.create({ ...inputs, __provider: "serialized" }))).to.equal(
          gone,
        );
        expect(live()).to.equal(found);
        await created(provider(), args({ managedBy: A }));
      }
    });

    it("refuses a second stack's create before any write, naming the owning stack and the ways out", async () => {
      const p = provider();
      await created(p, args({ managedBy: A }));
      const etag = env.sim.widgets.get(WIDGET)?.etag;
      env.sim.clearLog();
      const error = await rejection(
        created(p, args({ managedBy: B, corsOrigins: ["https://b.example.com"] })),
      );
      expect(isCxoneWebchatError(error, "widget-ownership")).to.equal(true);
      expect((error as Error).message).to.equal(
        'widget wc-support-001 is managed by stack "cxone-webchat/team-a" (resource "support"), ' +
          'not by this resource, stack "cxone-webchat/team-b" (resource "support"): two stacks ' +
          "writing one widget's policy would overwrite each other on every up. Remove the " +
          'resource from one of the two stacks (pulumi destroy in "cxone-webchat/team-a" frees ' +
          'the widget), or, if that stack no longer exists, set takeOverFrom: "cxone-webchat/team-a" on this resource.',
      );
      expect(env.routes()).to.deep.equal(["GET W/wc-support-001 200"]);
      expect(env.sim.widgets.get(WIDGET)?.etag).to.equal(etag);
      expect(claim()).to.equal(A);
    });

    it("tells two resources of one stack to use an alias when the claim is the old name's", async () => {
      const p = provider();
      await created(p, args({ managedBy: "proj/dev/old-name" }));
      const error = await rejection(created(p, args({ managedBy: "proj/dev/new-name" })));
      expect((error as Error).message).to.contain("two resources writing one widget's policy");
      expect((error as Error).message).to.contain('give it aliases: [{ name: "old-name" }]');
    });

    it("checks the claim again on the re-read after a 412, so that two racing stacks cannot both win", async () => {
      const p = provider();
      const inputs = await checked(p, args({ managedBy: B }));
      env.sim.raceNextPut((w) => {
        (w.settings as Props)[MANAGED_BY_FIELD] = A;
      });
      const error = await rejection(p.create(inputs));
      expect(isCxoneWebchatError(error, "widget-ownership")).to.equal(true);
      expect(env.sim.requests.filter((r) => r.method === "PUT").map((r) => r.status)).to.deep.equal(
        [412],
      );
      expect(claim()).to.equal(A);
    });

    it("takes over a claim from the stack takeOverFrom names; the old stack's destroy then leaves the widget alone", async () => {
      const p = provider();
      const a = await created(p, args({ managedBy: A }));
      const b = await created(
        p,
        args({
          managedBy: B,
          takeOverFrom: "cxone-webchat/team-a",
          corsOrigins: ["https://b.example.com"],
        }),
      );
      expect(claim()).to.equal(B);
      expect(b.outs.previousManagedBy).to.equal(A);
      const live = JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
      await p.delete(WIDGET, a.outs);
      expect(JSON.stringify(env.sim.widgets.get(WIDGET)?.widget)).to.equal(live);
      expect(warnings).to.deep.equal([
        'warning: the policy of wc-support-001 was left as it is: stack "cxone-webchat/team-b" (resource "support") manages it now',
      ]);
      expect(auditLines(audit.path).at(-1)).to.deep.include({
        action: "delete",
        outcome: "left",
        digestAfter: null,
      });
    });

    it("refuses an update once another stack has taken the widget over", async () => {
      const p = provider();
      const a = await created(p, args({ managedBy: A }));
      await created(p, args({ managedBy: B, takeOverFrom: "cxone-webchat/team-a" }));
      const news = await checked(p, args({ managedBy: A, rules: [] }));
      const error = await rejection(p.update(WIDGET, a.outs, news));
      expect(isCxoneWebchatError(error, "widget-ownership")).to.equal(true);
      expect(claim()).to.equal(B);
    });

    it("claims the widget on the first update of state written before claims existed", async () => {
      const p = provider();
      const { outs } = await created(p);
      expect(claim()).to.equal(undefined);
      const news = await checked(p, args({ managedBy: A }));
      expect(await p.diff(WIDGET, outs, news)).to.deep.equal({});
      const updated = (await p.update(WIDGET, outs, news)).outs as Props;
      expect(claim()).to.equal(A);
      expect(updated.managedBy).to.equal(A);
    });

    it("check names the field, the value and the form of a bad claim or takeOverFrom", async () => {
      const result = await provider().check(
        {},
        args({ managedBy: "no-slashes", takeOverFrom: "a/b/c" }),
      );
      expect(result.failures?.map((f) => f.reason)).to.deep.equal([
        'managedBy: "no-slashes" must be <project>/<stack>/<resource name>',
        'takeOverFrom: "a/b/c" must be <project>/<stack>, the stack whose claim to take over',
      ]);
    });
  });
});
