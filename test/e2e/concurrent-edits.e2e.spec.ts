import { expect } from "chai";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const WIDGETS = Array.from({ length: 20 }, (_, i) => `wc-edit-${String(i).padStart(3, "0")}`);
const ORIGINS = ["https://www.example.com"];

describe("another client editing the same widgets during up", function () {
  this.timeout(240_000);
  const world = useE2eWorld({
    widgets: WIDGETS.map((id, i) => ({ id, name: `Edit ${i}`, settings: { greeting: "hi" } })),
  });

  it("keeps both: every policy lands and every other edit survives, through 412 and re-read", async () => {
    const stack = await world.stack("many-widgets", "edits");
    await stack.useWidgets(world.dir, WIDGETS, ORIGINS, 4);
    // What each widget's greeting was last set to, recorded when the edit lands.
    const last = new Map<string, string>();
    const edit = (greeting: string) => (w: Record<string, unknown>) => {
      (w.settings as Record<string, unknown>).greeting = greeting;
      last.set(w.id as string, greeting);
    };
    // Five edits land exactly between a GET and its PUT, of five widgets: five certain 412s.
    for (let i = 1; i <= 5; i++) world.sim.raceNextPut(edit(`raced ${i}`), WIDGETS[i * 3]);
    // And every 300 ms someone in the console renames the greeting of the next widget in turn:
    // each widget about every 6 s, while writes wait in a rate-limiter queue up to 5 s deep, so
    // some of them meet a 412 besides the five above.
    let edits = 0;
    const editor = setInterval(() => {
      edits++;
      world.sim.editWidget(WIDGETS[edits % WIDGETS.length] as string, edit(`edited ${edits}`));
    }, 300);
    let up;
    try {
      up = await stack.run(["up", "--yes"]);
    } finally {
      clearInterval(editor);
    }
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 21 created"]);
    const conflicts = world.sim.requests.filter((r) => r.method === "PUT" && r.status === 412);
    console.log(`      ${edits} console edits, ${conflicts.length} PUTs answered 412 and re-read`);
    expect(conflicts.length, "412s met").to.be.at.least(5);
    for (const id of WIDGETS) {
      const settings = world.sim.widgets.get(id)?.widget.settings as {
        greeting: string;
        securityPolicies?: { corsOrigins: string[] };
      };
      expect(settings.securityPolicies?.corsOrigins, id).to.deep.equal(ORIGINS);
      expect(settings.greeting, id).to.equal(last.get(id) ?? "hi");
    }
    // Console edits after a write show on refresh as a new etag (see the README); after it,
    // nothing is left to change.
    await stack.run(["refresh", "--yes"]);
    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["destroy", "--yes"]);
  });
});
