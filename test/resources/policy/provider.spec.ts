import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

import { args, usePolicyProvider, WIDGET, type Props } from "../../helpers/policy-provider";

describe("PolicyHooks", () => {
  const { env, provider, checked, created } = usePolicyProvider();

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
      // Changes unknown: the engine finds which inputs changed (see diffResponse).
      expect(await p.diff(WIDGET, outs, news)).to.deep.equal({});
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
      expect(await p.diff(WIDGET, outs, news)).to.deep.equal({ changes: false });
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
      expect(await p.diff(WIDGET, refreshed.props as Props, inputs)).to.deep.equal({});
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
});
