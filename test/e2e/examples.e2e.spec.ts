import { expect } from "chai";
import { type StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const WIDGETS = ["wc-support-001", "wc-sales-002", "wc-staging-003"];
const MULTI_ENV = {
  dev: "wc-support-001",
  staging: "wc-staging-003",
  prod: "wc-sales-002",
} as const;

describe("the examples, with the pulumi CLI in their project directories", function () {
  this.timeout(180_000);
  const world = useE2eWorld();
  const digests: Record<string, string> = {};
  const stacks: Partial<Record<keyof typeof MULTI_ENV, StackCli>> = {};
  let pristine: Record<string, string> = {};
  const widgetJson = (id: string) => JSON.stringify(world.sim.widgets.get(id)?.widget);
  const liveRuleIds = (id: string) =>
    (
      world.sim.widgets.get(id)?.widget.settings as {
        securityPolicies: { rules: Array<{ id: string }> };
      }
    ).securityPolicies.rules.map((r) => r.id);

  for (const [name, widget] of Object.entries(MULTI_ENV) as Array<
    [keyof typeof MULTI_ENV, string]
  >) {
    it(`multi-env: the ${name} stack deploys its widget's policy over the shared base, then shows no changes`, async () => {
      if (Object.keys(pristine).length === 0)
        pristine = Object.fromEntries(WIDGETS.map((id) => [id, widgetJson(id)]));
      const stack = await world.stack("multi-env", name);
      stacks[name] = stack;
      const preview = await stack.run(["preview"]);
      expect(resourceSummary(preview.stdout)).to.deep.equal(["+ 3 to create"]);
      const deliveredBefore = world.waf.deliveries.length;
      const up = await stack.run(["up", "--yes"]);
      expect(resourceSummary(up.stdout)).to.deep.equal(["+ 3 created"]);
      const outputs = await stack.outputs();
      expect(outputs.widgetId).to.equal(widget);
      digests[name] = String(outputs.policyDigest);
      // The stack's own webhook told the WAF its digest, once.
      const delivered = world.waf.deliveries
        .slice(deliveredBefore)
        .map((d) => (d.payload as { data: { widgetId: string; policyDigest: string } }).data);
      expect(delivered.map((d) => [d.widgetId, d.policyDigest])).to.deep.equal([
        [widget, digests[name]],
      ]);
      expect(liveRuleIds(widget).slice(0, 2)).to.deep.equal(["block-admin", "log-all-logins"]);
      await stack.run(["preview", "--expect-no-changes"]);
      await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    });
  }

  it("multi-env: the three stacks' policies differ", () => {
    const values = Object.values(digests);
    expect(values).to.have.length(3);
    for (const d of values) expect(d).to.match(/^[0-9a-f]{64}$/);
    expect(new Set(values).size).to.equal(3);
  });

  it("multi-env: prod refuses an http origin at preview, naming it, with no request to CXone", async () => {
    const prod = stacks.prod as StackCli;
    await prod.run(["config", "set", "--path", "corsOrigins[1]", "http://localhost:3000"]);
    world.sim.clearLog();
    const preview = await prod.run(["preview"], { allowFailure: true });
    expect(preview.code).to.not.equal(0);
    expect(preview.stdout).to.contain(
      'error: corsOrigins[1]: "http://localhost:3000" uses http; the prod stack accepts https origins only',
    );
    expect(preview.output).to.not.contain("unhandled exception");
    expect(world.sim.requests).to.have.length(0);
    await prod.run(["config", "set", "--path", "corsOrigins[1]", "https://shop.example.com"]);
    await prod.run(["preview", "--expect-no-changes"]);
  });

  it("stack-reference: the WAF stack reads dev's and prod's digests through StackReference and delivers both", async () => {
    const waf = await world.stack("stack-reference", "waf");
    const before = world.waf.deliveries.length;
    const preview = await waf.run(["preview", "--diff"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal(["+ 3 to create"]);
    // Known at preview: the other stacks' outputs are read before anything is created.
    for (const name of ["dev", "prod"]) expect(preview.stdout).to.contain(digests[name]);
    const up = await waf.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 3 created"]);
    const delivered = world.waf.deliveries.slice(before).map(
      (d) =>
        (
          d.payload as {
            data: { widgetId: string; policyDigest: string; metadata: { sourceStack: string } };
          }
        ).data,
    );
    expect(
      delivered.map((d) => [d.metadata.sourceStack, d.widgetId, d.policyDigest]).sort(),
    ).to.deep.equal([
      ["organization/cxone-webchat-multi-env/dev", MULTI_ENV.dev, digests.dev],
      ["organization/cxone-webchat-multi-env/prod", MULTI_ENV.prod, digests.prod],
    ]);
    await waf.run(["preview", "--expect-no-changes"]);
    await waf.run(["refresh", "--yes", "--expect-no-changes"]);
    const beforeDestroy = world.waf.deliveries.length;
    const destroy = await waf.run(["destroy", "--yes"]);
    expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
    expect(world.waf.deliveries.slice(beforeDestroy).map((d) => d.type)).to.deep.equal([
      "webchat_security_policy_removed",
      "webchat_security_policy_removed",
    ]);
  });

  it("multi-env: destroy gives every widget back byte for byte", async () => {
    for (const stack of Object.values(stacks)) {
      const destroy = await stack.run(["destroy", "--yes"]);
      expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
    }
    for (const id of WIDGETS) expect(widgetJson(id), id).to.equal(pristine[id]);
  });

  it("many-widgets: widgets.yaml deploys a policy per widget, converges, and destroy gives each widget back", async () => {
    const stack = await world.stack("many-widgets", "dev");
    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 4 created"]);
    const outputs = await stack.outputs();
    expect(Object.keys(outputs.digests as object).sort()).to.deep.equal([...WIDGETS].sort());
    expect(world.sim.counters().byStatus["429"] ?? 0).to.equal(0);
    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    await stack.run(["destroy", "--yes"]);
    for (const id of WIDGETS) expect(widgetJson(id), id).to.equal(pristine[id]);
  });
});
