import { expect } from "chai";
import type { StoredWidget } from "../../provider/simulator/widget-store";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const PROJECT = "cxone-webchat-many-widgets";
const WIDGETS = ["wc-own-001", "wc-own-002", "wc-own-003"] as const;

function widget(id: string): StoredWidget {
  return { id, name: id, settings: { greeting: `hi from ${id}` } };
}

describe("two stacks that claim the same widget", function () {
  this.timeout(240_000);
  const world = useE2eWorld({ widgets: WIDGETS.map(widget) });
  const origins = (id: string) =>
    (world.sim.widgets.get(id)?.widget.settings as { securityPolicies?: { corsOrigins: string[] } })
      .securityPolicies?.corsOrigins;

  it("refuses the second with an error naming the owning stack, until the first lets go", async () => {
    const teamA = await world.stack("many-widgets", "team-a");
    const teamB = await world.stack("many-widgets", "team-b");
    await teamA.useWidgets(world.dir, ["wc-own-001", "wc-own-002"], ["https://a.example.com"], 10);
    await teamB.useWidgets(world.dir, ["wc-own-002", "wc-own-003"], ["https://b.example.com"], 10);
    await teamA.run(["up", "--yes"]);

    const refused = await teamB.run(["up", "--yes"], { allowFailure: true });
    expect(refused.code).to.not.equal(0);
    expect(refused.output).to.contain(
      `widget wc-own-002 is managed by stack "${PROJECT}/team-a" (resource "policy-wc-own-002"), ` +
        `not by this resource, stack "${PROJECT}/team-b" (resource "policy-wc-own-002"): two stacks ` +
        "writing one widget's policy would overwrite each other on every up.",
    );
    expect(refused.output).to.contain(`pulumi destroy in "${PROJECT}/team-a" frees the widget`);
    expect(refused.output).to.not.match(/\n\s+at /);
    // The widget team B may have is deployed; the one team A holds is untouched.
    expect(origins("wc-own-003")).to.deep.equal(["https://b.example.com"]);
    expect(origins("wc-own-002")).to.deep.equal(["https://a.example.com"]);
    // No tug-of-war: team A sees nothing to change, and its refresh finds no drift.
    await teamA.run(["refresh", "--yes", "--expect-no-changes"]);
    await teamA.run(["preview", "--expect-no-changes"]);

    // Team A lets go; team B's next up takes the widget.
    await teamA.run(["destroy", "--yes"]);
    const taken = await teamB.run(["up", "--yes"]);
    expect(resourceSummary(taken.stdout)).to.include("+ 1 created");
    expect(origins("wc-own-002")).to.deep.equal(["https://b.example.com"]);
    await teamB.run(["preview", "--expect-no-changes"]);
    await teamB.run(["destroy", "--yes"]);
    for (const id of WIDGETS)
      expect(world.sim.widgets.get(id)?.widget, id).to.deep.equal(widget(id));
  });
});
