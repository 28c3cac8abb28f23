import { expect } from "chai";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const WIDGETS = Array.from({ length: 20 }, (_, i) => `wc-outage-${String(i).padStart(3, "0")}`);
const ORIGINS = ["https://www.example.com"];
const OUTAGE_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an up through a 30-second tenant outage", function () {
  this.timeout(300_000);
  const world = useE2eWorld({
    widgets: WIDGETS.map((id, i) => ({ id, name: `Outage ${i}`, settings: { greeting: "hi" } })),
  });

  it("delays the policies in flight and fails none: errors are retried for a minute", async () => {
    const stack = await world.stack("many-widgets", "outage");
    // 2 requests per second: 20 widgets take about 20 s, so the outage starts mid-deployment.
    await stack.useWidgets(world.dir, WIDGETS, ORIGINS, 2);
    const puts = () =>
      world.sim.requests.filter((r) => r.method === "PUT" && r.status === 200).length;
    const up = stack.run(["up", "--yes"], { allowFailure: true, timeoutMs: 280_000 });
    for (let waited = 0; puts() < 4; waited += 100) {
      if (waited > 120_000) throw new Error(`only ${puts()} PUTs after 120 s`);
      await sleep(100);
    }
    // Every widget request is reset, as a tenant that is down does, for 30 s.
    world.sim.faults.setProbabilities({ reset: 1 });
    const from = world.sim.requests.length;
    await sleep(OUTAGE_MS);
    world.sim.faults.clear();
    const resets = world.sim.requests.slice(from).filter((r) => r.status === "reset").length;
    const result = await up;
    expect(resets, "requests reset during the outage").to.be.greaterThan(0);
    expect(result.code, result.output).to.equal(0);
    expect(resourceSummary(result.stdout)).to.deep.equal(["+ 21 created"]);
    for (const id of WIDGETS) {
      const widget = world.sim.widgets.get(id)?.widget as unknown as {
        settings: { securityPolicies?: { corsOrigins: string[] } };
      };
      expect(widget.settings.securityPolicies?.corsOrigins, id).to.deep.equal(ORIGINS);
    }
  });
});
