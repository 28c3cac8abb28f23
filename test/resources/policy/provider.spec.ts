import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { forgetAuditTrails } from "../../../provider/audit/audit-trail";
import { verifyAuditChain } from "../../../provider/audit/verify-audit";
import { CxoneClient } from "../../../provider/cxone/client";
import { TokenBucket } from "../../../provider/cxone/rate-limiter";
import { PolicyProvider } from "../../../provider/resources/policy/provider";
import { DEMO_CREDENTIALS } from "../../../provider/simulator/cxone-simulator";
import { ADOPTED_FIELD, MANAGED_BY_FIELD } from "../../../provider/cxone/widget";
import { isWidgetOwnershipError } from "../../../provider/errors/widget-ownership-error";
import { useSimulator } from "../../helpers/simulator";
import { useTempDir } from "../../helpers/temp-dir";
import { auditLines, auditText } from "../../helpers/audit-lines";
import { rejection } from "../../helpers/rejection";

const WIDGET = "wc-support-001";
type Props = Record<string, unknown>;

const args = (overrides: Props = {}): Props => ({
  widgetId: WIDGET,
  corsOrigins: ["https://Shop.Example.com:443/", "https://help.example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 30 },
  rules: [{ id: "no-admin", action: "block", pattern: "/admin/*" }],
  ...overrides,
});

describe("PolicyProvider", () => {
  const env = useSimulator();
  const audit = useTempDir("cxone-audit-");

  let warnings: string[] = [];
  beforeEach(() => {
    warnings = [];
  });

  const provider = (extraEnv: Record<string, string> = {}, confirmWrite?: () => Promise<void>) => {
    const p = new PolicyProvider({
      ...(confirmWrite === undefined ? {} : { confirmWrite }),
      warn: (message) => warnings.push(message),
      env: {
        CXONE_AUDIT_DIR: audit.path,
        CXONE_AUDIT_SPOOL: join(audit.path, ".spool"),
        ...extraEnv,
      },
      now: () => new Date("2026-11-24T12:00:00Z"),
      makeClient: (credentials) =>
        new CxoneClient({
          ...credentials,
          clock: env.clock,
          bucket: new TokenBucket({ requestsPerSecond: 1000, burst: 1000 }, env.clock),
        }),
    });
    void p.configure({
      config: {
        get: (k: string) =>
          ({
            "cxone:baseUrl": env.sim.url,
            "cxone:clientId": DEMO_CREDENTIALS.clientId,
            "cxone:clientSecret": DEMO_CREDENTIALS.clientSecret,
          })[k],
        require: () => "",
      },
    });
    return p;
  };

  async function checked(p: PolicyProvider, news: Props): Promise<Props> {
    const result = await p.check({}, news);
    expect(result.failures ?? []).to.deep.equal([]);
    return result.inputs as Props;
  }

  async function created(p: PolicyProvider, news: Props = args()) {
    const inputs = await checked(p, news);
    const result = await p.create({ ...inputs, __provider: "serialized" });
    return { inputs, outs: result.outs as Props, id: result.id };
  }

  describe("check", () => {
    it("returns normalized inputs with defaults, and makes no network call", async () => {
      const inputs = await checked(provider(), args());
      expect(inputs).to.deep.include({
        corsOrigins: ["https://help.example.com", "https://shop.example.com"],
        allowInsecureOrigins: false,
        onDelete: "restore",
      });
      expect(env.sim.requests).to.have.length(0);
    });

    it("turns every violation into a CheckFailure whose reason starts with its property path", async () => {
      const result = await provider().check(
        {},
        args({
          widgetId: "",
          rules: [{ id: "x", action: "block", pattern: "%3Cscript%3E" }],
          onDelete: "keep",
          colour: 1,
        }),
      );
      // The engine prints an empty property cleanly; a named one makes it print Go syntax.
      expect(result.failures?.map((f) => f.property)).to.deep.equal(["", "", "", ""]);
      const byPath = Object.fromEntries(
        (result.failures ?? []).map((f) => {
          const at = f.reason.indexOf(": ");
          return [f.reason.slice(0, at), f.reason.slice(at + 2)];
        }),
      );
      expect(Object.keys(byPath)).to.have.members([
        "colour",
        "widgetId",
        "onDelete",
        "rules[0].pattern",
      ]);
      expect(byPath["rules[0].pattern"]).to.match(/script-injection vector "<script"/);
      expect(byPath.onDelete).to.equal('"keep" must be one of restore, clear');
      expect(env.sim.requests).to.have.length(0);
    });

    it("passes values that are still unknown at preview through unvalidated, with no digest", async () => {
      const result = await provider().check({}, args({ corsOrigins: [unknownValue] }));
      expect(result.failures).to.deep.equal([]);
      expect((result.inputs as Props).corsOrigins).to.deep.equal([unknownValue]);
      expect(result.inputs).to.not.have.any.keys("policyDigest", "rulesCount", "corsOriginsCount");
    });

    it("returns the digest and counts that create will output, so that preview knows them", async () => {
      const p = provider();
      const inputs = await checked(p, args());
      expect(inputs.policyDigest).to.match(/^[0-9a-f]{64}$/);
      expect(inputs).to.include({ rulesCount: 1, corsOriginsCount: 2 });
      env.sim.clearLog();
      const { outs } = await p.create({ ...inputs, __provider: "serialized" }).then((r) => ({
        outs: r.outs as Props,
      }));
      expect(outs).to.include({
        policyDigest: inputs.policyDigest,
        rulesCount: 1,
        corsOriginsCount: 2,
      });
      const reordered = await checked(
        p,
        args({ corsOrigins: ["https://help.example.com", "https://shop.example.com"] }),
      );
      expect(reordered.policyDigest).to.equal(inputs.policyDigest);
    });
  });

  describe("diff", () => {
    it("replaces when widgetId changes", async () => {
      const p = provider();
      const { outs } = await created(p);
      const news = await checked(p, args({ widgetId: "wc-sales-002" }));
      expect(await p.diff(WIDGET, outs, news)).to.deep.include({
        changes: true,
        replaces: ["widgetId"],
      });
    });

    it("replaces when the tenant's baseUrl changes", async () => {
      const p = provider();
      const { outs } = await created(p);
      const news = await checked(
        p,
        args({ connection: { baseUrl: "https://other-tenant.example" } }),
      );
      expect((await p.diff(WIDGET, outs, news)).replaces).to.include("baseUrl");
    });

    it("updates in place when a rule changes", async () => {
      const p = provider();
      const { outs } = await created(p);
      const news = await checked(
        p,
        args({ rules: [{ id: "no-admin", action: "log", pattern: "/admin/*" }] }),
      );
      expect(await p.diff(WIDGET, outs, news)).to.deep.include({ changes: true, replaces: [] });
    });

    it("finds no change for semantically equal inputs", async () => {
      const p = provider();
      const { outs } = await created(p);
      const news = await checked(
        p,
        args({
          corsOrigins: ["https://help.example.com/", "HTTPS://SHOP.example.com"],
          allowInsecureOrigins: false,
        }),
      );
      expect(await p.diff(WIDGET, outs, news)).to.deep.include({ changes: false, replaces: [] });
    });
  });

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
      const p = new PolicyProvider({
        env: { CXONE_AUDIT_DIR: audit.path },
        now: () => new Date(),
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
      const fromEnv = new PolicyProvider({
        env: {
          CXONE_AUDIT_DIR: audit.path,
          CXONE_BASE_URL: env.sim.url,
          CXONE_CLIENT_ID: DEMO_CREDENTIALS.clientId,
          CXONE_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
        },
        now: () => new Date(),
        makeClient: (c) => new CxoneClient({ ...c, clock: env.clock }),
      });
      expect((await fromEnv.create(await checked(fromEnv, args()))).id).to.equal(WIDGET);
      const fromConnection = new PolicyProvider({
        env: { CXONE_AUDIT_DIR: audit.path },
        now: () => new Date(),
        makeClient: (c) => new CxoneClient({ ...c, clock: env.clock }),
      });
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

  describe("update", () => {
    it("costs one HTTP request in the common case: a PUT on the stored ETag", async () => {
      const p = provider();
      const { outs } = await created(p);
      env.sim.clearLog();
      const news = await checked(
        p,
        args({ rules: [{ id: "no-admin", action: "log", pattern: "/admin/*" }] }),
      );
      const result = await p.update(WIDGET, outs, news);
      expect(env.routes()).to.deep.equal(["PUT W/wc-support-001 200"]);
      expect((result.outs as Props).policyDigest).to.not.equal(outs.policyDigest);
      expect((result.outs as Props).previousPolicyJson).to.equal(outs.previousPolicyJson);
    });

    it("re-reads only after a 412, keeping the other writer's change", async () => {
      const p = provider();
      const { outs } = await created(p);
      env.sim.editWidget(WIDGET, (w) => (w.name = "Renamed meanwhile"));
      env.sim.clearLog();
      await p.update(WIDGET, outs, await checked(p, args({ rules: [] })));
      expect(env.routes()).to.deep.equal([
        "PUT W/wc-support-001 412",
        "GET W/wc-support-001 200",
        "PUT W/wc-support-001 200",
      ]);
      expect(env.sim.widgets.get(WIDGET)?.widget.name).to.equal("Renamed meanwhile");
    });
  });

  describe("read", () => {
    it("returns the stored state unchanged when nothing drifted", async () => {
      const p = provider();
      const { outs } = await created(p);
      env.sim.clearLog();
      const result = await p.read(WIDGET, { ...outs, __provider: "serialized" });
      expect(env.routes()).to.deep.equal(["GET W/wc-support-001 200"]);
      // __provider is the host's to add back; everything else is exactly as stored.
      expect(result.props).to.deep.equal(outs);
      expect(result.inputs).to.deep.include({
        widgetId: WIDGET,
        corsOrigins: outs.corsOrigins,
        rules: outs.rules,
        onDelete: "restore",
        // What check returns for the same policy, so that the next preview shows no change.
        policyDigest: outs.policyDigest,
        rulesCount: outs.rulesCount,
        corsOriginsCount: outs.corsOriginsCount,
      });
    });

    it("reports drift in both props and inputs", async () => {
      const p = provider();
      const { outs } = await created(p);
      env.sim.editWidget(WIDGET, (w) => {
        ((w.settings as Props).securityPolicies as Props).rules = [];
      });
      const result = await p.read(WIDGET, outs);
      expect((result.props as Props).rules).to.deep.equal([]);
      expect((result.inputs as Props).rules).to.deep.equal([]);
      expect((result.props as Props).policyDigest).to.not.equal(outs.policyDigest);
    });

    it("shows a policy removed behind its back, and the next update puts it back", async () => {
      const p = provider();
      const { outs, inputs } = await created(p);
      env.sim.editWidget(WIDGET, (w) => {
        delete (w.settings as Props).securityPolicies;
      });
      const refreshed = await p.read(WIDGET, outs);
      expect(refreshed.props).to.not.have.any.keys("corsOrigins", "rules", "driftedPolicyJson");
      expect((await p.diff(WIDGET, refreshed.props as Props, inputs)).changes).to.equal(true);
      await p.update(WIDGET, refreshed.props as Props, inputs);
      expect(
        (env.sim.widgets.get(WIDGET)?.widget.settings as Props).securityPolicies,
      ).to.deep.include({ rules: outs.rules });
    });

    it("keeps a live policy the model rejects as text, and the next update replaces it", async () => {
      const p = provider();
      const { outs, inputs } = await created(p);
      const foreign = {
        corsOrigins: ["*"],
        authentication: { requireToken: false },
        rules: [],
        allowInsecureOrigins: false,
      };
      env.sim.editWidget(WIDGET, (w) => {
        (w.settings as Props).securityPolicies = foreign;
      });
      const refreshed = (await p.read(WIDGET, outs)).props as Props;
      expect(refreshed.driftedPolicyJson).to.equal(JSON.stringify(foreign));
      expect(refreshed.policyDigest).to.equal("");
      env.sim.clearLog();
      await p.update(WIDGET, refreshed, inputs);
      expect(env.routes()).to.deep.equal(["PUT W/wc-support-001 200"]);
      expect(
        (env.sim.widgets.get(WIDGET)?.widget.settings as Props).securityPolicies,
      ).to.deep.include({ corsOrigins: outs.corsOrigins });
    });

    it("takes the resource out of the state when the widget is gone", async () => {
      const p = provider();
      const { outs } = await created(p);
      env.sim.widgets.delete(WIDGET);
      expect(await p.read(WIDGET, outs)).to.deep.equal({});
    });
  });

  describe("delete", () => {
    it("restores the adopted policy byte for byte", async () => {
      const before = JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
      const p = provider();
      const { outs } = await created(p);
      env.sim.clearLog();
      await p.delete(WIDGET, outs);
      expect(env.routes()).to.deep.equal(["PUT W/wc-support-001 200"]);
      expect(JSON.stringify(env.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
    });

    it("clears the policy when onDelete is clear", async () => {
      const p = provider();
      const { outs } = await created(p, args({ onDelete: "clear" }));
      await p.delete(WIDGET, outs);
      expect(Object.keys(env.sim.widgets.get(WIDGET)?.widget.settings as Props)).to.not.include(
        "securityPolicies",
      );
    });

    it("treats a widget that is already gone as done", async () => {
      const p = provider();
      const { outs } = await created(p);
      env.sim.widgets.delete(WIDGET);
      await p.delete(WIDGET, outs);
    });
  });

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
      await p.delete(WIDGET, again.outs);
      expect(JSON.stringify(env.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
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
      expect(isWidgetOwnershipError(error)).to.equal(true);
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
      expect(isWidgetOwnershipError(error)).to.equal(true);
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
      expect(isWidgetOwnershipError(error)).to.equal(true);
      expect(claim()).to.equal(B);
    });

    it("claims the widget on the first update of state written before claims existed", async () => {
      const p = provider();
      const { outs } = await created(p);
      expect(claim()).to.equal(undefined);
      const news = await checked(p, args({ managedBy: A }));
      expect((await p.diff(WIDGET, outs, news)).changes).to.equal(true);
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
      forgetAuditTrails(); // the next deployment is a new process
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
