import { join } from "node:path";
import { expect } from "chai";
import { manyWidgets } from "../../examples/many-widgets/program";
import { multiEnv } from "../../examples/multi-env/program";
import { wafStack } from "../../examples/stack-reference/program";
import { REPO_ROOT } from "../../scripts/pulumi-engine";
import { collect, useE2eWorld } from "./e2e-world";
import { rejection } from "../helpers/rejection";

const MULTI_ENV = "cxone-webchat-multi-env";
const WAF = "cxone-webchat-waf";

describe("the examples on the real Pulumi engine", function () {
  this.timeout(180_000);
  const world = useE2eWorld();
  const digests: Record<string, string> = {};

  for (const [stackName, widget] of [
    ["dev", "wc-support-001"],
    ["prod", "wc-sales-002"],
  ] as const) {
    it(`multi-env: the ${stackName} stack deploys its own widget's policy over the shared base`, async () => {
      const stack = await world.stack("multi-env", MULTI_ENV, stackName, multiEnv);
      const up = await stack.up({ onOutput: collect(world) });
      expect(up.outputs.widgetId?.value).to.equal(widget);
      digests[stackName] = String(up.outputs.policyDigest?.value);
      const live = (
        world.sim.widgets.get(widget)?.widget.settings as {
          securityPolicies: { rules: Array<{ id: string }> };
        }
      ).securityPolicies;
      expect(live.rules.slice(0, 2).map((r) => r.id)).to.deep.equal([
        "block-admin",
        "log-all-logins",
      ]);
      await stack.preview({ expectNoChanges: true });
    });
  }

  it("multi-env: the two stacks' policies differ", () => {
    expect(digests.dev).to.match(/^[0-9a-f]{64}$/);
    expect(digests.prod).to.match(/^[0-9a-f]{64}$/);
    expect(digests.dev).to.not.equal(digests.prod);
  });

  it("multi-env: prod refuses an http origin at preview, naming it, with no request to CXone", async () => {
    const stack = await world.stack("multi-env", MULTI_ENV, "prod", multiEnv);
    await stack.setConfig(`${MULTI_ENV}:corsOrigins`, {
      value: JSON.stringify(["https://www.example.com", "http://localhost:3000"]),
    });
    world.sim.clearLog();
    const message = String(await rejection(stack.preview({ onOutput: collect(world) })));
    expect(message).to.contain(
      'corsOrigins[1]: "http://localhost:3000" uses http; the prod stack accepts https origins only',
    );
    expect(world.sim.requests).to.have.length(0);
    await stack.setConfig(`${MULTI_ENV}:corsOrigins`, {
      value: JSON.stringify(["https://www.example.com", "https://shop.example.com"]),
    });
  });

  it("stack-reference: the WAF stack delivers both policy stacks' digests", async () => {
    const stack = await world.stack("stack-reference", WAF, "waf", wafStack);
    const before = world.waf.deliveries.length;
    const up = await stack.up({ onOutput: collect(world) });
    expect(up.summary.resourceChanges).to.deep.equal({ create: 3 });
    const delivered = world.waf.deliveries.slice(before).map(
      (d) =>
        (
          d.payload as {
            data: { widgetId: string; configDigest: string; metadata: { sourceStack: string } };
          }
        ).data,
    );
    expect(
      delivered.map((d) => [d.metadata.sourceStack, d.widgetId, d.configDigest]).sort(),
    ).to.deep.equal([
      [`organization/${MULTI_ENV}/dev`, "wc-support-001", digests.dev],
      [`organization/${MULTI_ENV}/prod`, "wc-sales-002", digests.prod],
    ]);
    await stack.preview({ expectNoChanges: true });
    await stack.destroy({ onOutput: collect(world) });
  });

  it("many-widgets: one data file deploys a policy per widget, and destroy gives each widget back", async () => {
    for (const name of ["dev", "prod"])
      await (await world.stack("multi-env", MULTI_ENV, name, multiEnv)).destroy();
    const before = Object.fromEntries(
      ["wc-support-001", "wc-sales-002", "wc-staging-003"].map((id) => [
        id,
        JSON.stringify(world.sim.widgets.get(id)?.widget),
      ]),
    );
    const stack = await world.stack(
      "many-widgets",
      "cxone-webchat-many-widgets",
      "dev",
      manyWidgets,
      {
        "cxone-webchat-many-widgets:dataFile": {
          value: join(REPO_ROOT, "examples", "many-widgets", "widgets.yaml"),
        },
      },
    );
    const up = await stack.up({ onOutput: collect(world) });
    expect(Object.keys(up.outputs.digests?.value as object).sort()).to.deep.equal([
      "wc-sales-002",
      "wc-staging-003",
      "wc-support-001",
    ]);
    expect(world.sim.counters().byStatus["429"] ?? 0).to.equal(0);
    await stack.destroy({ onOutput: collect(world) });
    for (const [id, json] of Object.entries(before))
      expect(JSON.stringify(world.sim.widgets.get(id)?.widget), id).to.equal(json);
  });
});
