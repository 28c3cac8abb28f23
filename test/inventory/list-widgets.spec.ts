import { expect } from "chai";
import type { WidgetPage } from "../../provider/cxone/client";
import { CxoneClient } from "../../provider/cxone/client";
import { listWidgetIds, type WidgetLister } from "../../provider/inventory/list-widgets";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import { CxoneSimulator } from "../../provider/simulator/cxone-simulator";
import { FakeClock } from "../helpers/fake-clock";
import { demoConnection } from "../helpers/simulator";
import { rejection } from "../helpers/rejection";

/** A lister that serves the given pages, keyed by the cursor that asks for each. */
const pages = (served: Record<string, WidgetPage | undefined>): WidgetLister => ({
  listWidgets: async (cursor) => served[cursor ?? ""],
});

describe("listWidgetIds", () => {
  it("follows cursors to the end, once per id", async () => {
    const ids = await listWidgetIds(
      pages({
        "": { widgetIds: ["a", "b"], nextCursor: "c1" },
        c1: { widgetIds: ["b", "c"], nextCursor: "c2" },
        c2: { widgetIds: [], nextCursor: null },
      }),
    );
    expect(ids).to.deep.equal(["a", "b", "c"]);
  });

  it("says the tenant has no list when the first page is 404", async () => {
    expect(await listWidgetIds(pages({}))).to.equal(undefined);
  });

  it("stops a list that pages forever, whichever way it does", async () => {
    const cases: Array<[WidgetLister, RegExp]> = [
      [
        pages({
          "": { widgetIds: ["a"], nextCursor: "x" },
          x: { widgetIds: ["b"], nextCursor: "x" },
        }),
        /page 2 points back to a page already read/,
      ],
      [
        { listWidgets: async (c) => ({ widgetIds: ["a", "b"], nextCursor: `${c ?? ""}~` }) },
        /page 2 names only widgets listed before/,
      ],
      [
        {
          listWidgets: async (c) => ({
            widgetIds: [`w${(c ?? "").length}`],
            nextCursor: `${c ?? ""}~`,
          }),
        },
        /named more than 5 widgets in 6 pages/,
      ],
    ];
    for (const [lister, says] of cases) {
      const error = await rejection(listWidgetIds(lister, { maxWidgets: 5 }));
      expect(error.message).to.match(says);
      expect(error.message).to.contain("Give the widget ids instead");
    }
  });

  describe("against the simulator", () => {
    let sim: CxoneSimulator;
    afterEach(async () => {
      await sim.stop();
    });
    const client = () =>
      new CxoneClient({
        ...demoConnection(sim.url),
        clock: new FakeClock(),
        pacing: new TokenBucket({ requestsPerSecond: 1_000, burst: 1_000 }, new FakeClock()),
      });

    it("lists every widget of a paged list, and none of a tenant without one", async () => {
      const widgets = Array.from({ length: 250 }, (_, i) => ({ id: `wc-${i}` }));
      sim = await new CxoneSimulator({ widgets, rateLimitPerSecond: 1000 }).start();
      const ids = await listWidgetIds(client());
      expect(ids?.slice().sort()).to.deep.equal(widgets.map((w) => w.id).sort());
      await sim.stop();
      sim = await new CxoneSimulator({ widgetList: "absent" }).start();
      expect(await listWidgetIds(client())).to.equal(undefined);
    });

    it("refuses an endless or malformed list with a clear message", async () => {
      sim = await new CxoneSimulator({ widgetList: "endless" }).start();
      expect((await rejection(listWidgetIds(client()))).message).to.match(
        /GET \/api\/v2\/webchat\/widgets failed with 200 OK: the list of widgets does not end/,
      );
      await sim.stop();
      sim = await new CxoneSimulator({ widgetList: "malformed" }).start();
      expect((await rejection(listWidgetIds(client()))).message).to.match(
        /the answer is not a page of widgets/,
      );
    });
  });
});
