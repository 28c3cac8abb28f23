import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { testContext } from "../../helpers/context";
import { CxoneClient } from "../../../provider/cxone/client";
import { PolicyHooks } from "../../../provider/resources/policy/hooks";
import { DEMO_CREDENTIALS } from "../../../provider/simulator/cxone-simulator";
import { rejection } from "../../helpers/rejection";

import { args, usePolicyProvider, WIDGET, type Props } from "../../helpers/policy-provider";

describe("PolicyHooks create", () => {
  const { env, audit, provider, checked, created } = usePolicyProvider();

  describe("create", () => {
    it("undoes its write and fails when the result can no longer be recorded, leaving the widget as found", async () => {
      const before = JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
      const gone = new Error("the engine is gone");
      const p = provider({}, () => Promise.reject(gone));
      const inputs = await checked(p, args());
      env.sim.clearLog();
      expect(await rejection(p.create({ ...inputs, __provider: "serialized" }))).to.equal(gone);
      expect(env.routes()).to.deep.equal([
        "POST /oauth/token 200",
        "GET W/wc-support-001 200",
        "PUT W/wc-support-001 200",
        "PUT W/wc-support-001 200",
      ]);
      expect(JSON.stringify(env.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
    });

    it("adopts the widget: records its policy and ETag, writes the new policy, outputs the digest", async () => {
      const before = env.sim.widgets.get(WIDGET);
      const { outs, id } = await created(provider());
      expect(id).to.equal(WIDGET);
      expect(outs).to.deep.include({
        schemaVersion: 1,
        baseUrl: env.sim.url,
        appliedAt: "2026-11-24T12:00:00.000Z",
        rulesCount: 1,
        corsOriginsCount: 2,
      });
      expect(outs.previousPolicyJson).to.equal(
        JSON.stringify((before?.widget.settings as Props).securityPolicies),
      );
      expect(outs.policyDigest).to.match(/^[0-9a-f]{64}$/);
      expect(outs.etag).to.equal(env.sim.widgets.get(WIDGET)?.etag);
      expect(env.routes()).to.deep.equal([
        "POST /oauth/token 200",
        "GET W/wc-support-001 200",
        "PUT W/wc-support-001 200",
      ]);
    });

    it("preserves every widget field other than the policy", async () => {
      const strip = (w: Props) =>
        JSON.stringify({ ...w, settings: { ...(w.settings as Props), securityPolicies: null } });
      const before = env.sim.widgets.get(WIDGET)?.widget as Props;
      await created(provider());
      expect(strip(env.sim.widgets.get(WIDGET)?.widget as Props)).to.equal(strip(before));
    });

    it("fails with a clear error, and creates nothing, when the widget does not exist", async () => {
      const error = await rejection(created(provider(), args({ widgetId: "ghost" })));
      expect(error.message).to.match(/widget ghost not found/);
    });

    it("fails check, at preview, naming all three ways to give credentials that are missing", async () => {
      const p = new PolicyHooks(testContext({ env: { CXONE_AUDIT_DIR: audit.path } }), {
        makeClient: (c) => new CxoneClient(c),
      });
      const result = await p.check({}, args());
      expect(result.failures).to.have.length(1);
      expect(result.failures?.[0]?.reason)
        .to.match(/^connection settings: CXone connection settings are incomplete/)
        .and.contain("cxone:baseUrl")
        .and.contain("CXONE_CLIENT_SECRET")
        .and.contain("connection.clientId");
      expect(env.sim.requests).to.have.length(0);
    });

    it("takes credentials from the environment and from the resource's connection", async () => {
      const fromEnv = new PolicyHooks(
        testContext({
          env: {
            CXONE_AUDIT_DIR: audit.path,
            CXONE_BASE_URL: env.sim.url,
            CXONE_CLIENT_ID: DEMO_CREDENTIALS.clientId,
            CXONE_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
          },
        }),
        {
          makeClient: (c) => new CxoneClient({ ...c, clock: env.clock }),
        },
      );
      expect((await fromEnv.create(await checked(fromEnv, args()))).id).to.equal(WIDGET);
      const fromConnection = new PolicyHooks(
        testContext({ env: { CXONE_AUDIT_DIR: audit.path } }),
        {
          makeClient: (c) => new CxoneClient({ ...c, clock: env.clock }),
        },
      );
      const inputs = await checked(
        fromConnection,
        args({
          widgetId: "wc-sales-002",
          connection: { baseUrl: env.sim.url, ...DEMO_CREDENTIALS },
        }),
      );
      expect((await fromConnection.create(inputs)).id).to.equal("wc-sales-002");
    });

    it("records a write that landed before a later step failed as a partial failure, so nothing is orphaned", async () => {
      const blocker = join(audit.path, "not-a-dir");
      // Neither the sink nor the spool can be written: the line cannot be kept anywhere.
      const p = provider({
        CXONE_AUDIT_DIR: join(blocker, "audit"),
        CXONE_AUDIT_SPOOL: join(blocker, "spool"),
      });
      const inputs = await checked(p, args());
      // The audit directory was usable at check; it breaks before the create's line is written.
      writeFileSync(blocker, "");
      const error = (await rejection(
        p.create({ ...inputs, __provider: "serialized" }),
      )) as Error & { id?: string; properties?: Props; reasons?: string[] };
      expect(error.message).to.match(
        /the policy was written, but recording it in the audit trail failed/,
      );
      expect(error.id).to.equal(WIDGET);
      expect(error.properties).to.deep.include({
        __provider: "serialized",
        etag: env.sim.widgets.get(WIDGET)?.etag,
      });
      expect(error.reasons).to.have.length(1);
    });
  });
});
