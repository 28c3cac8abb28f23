import { expect } from "chai";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import type { StoredWidget } from "../../provider/simulator/widget-store";

const WIDGETS: StoredWidget[] = Array.from({ length: 7 }, (_, i) => ({
  id: `wc-${String(6 - i).padStart(2, "0")}`,
  name: `Widget ${6 - i}`,
}));

describe("the simulator's list of widgets (an assumption, see docs/real-tenant.md)", () => {
  let sim: CxoneSimulator;
  let token: string;
  const start = async (widgetList?: "paged" | "absent" | "endless" | "malformed") => {
    sim = await new CxoneSimulator({
      widgets: WIDGETS,
      rateLimitPerSecond: 1000,
      ...(widgetList === undefined ? {} : { widgetList }),
    }).start();
    const answer = await fetch(`${sim.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: DEMO_CREDENTIALS.clientId,
        client_secret: DEMO_CREDENTIALS.clientSecret,
      }).toString(),
    });
    token = ((await answer.json()) as { access_token: string }).access_token;
  };
  const list = (query = "") =>
    fetch(`${sim.url}/api/v2/webchat/widgets${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  afterEach(async () => {
    await sim?.stop();
  });

  it("pages every widget once, in id order, until nextCursor is null", async () => {
    await start();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await list(`?limit=3${cursor === null ? "" : `&cursor=${cursor}`}`);
      expect(answer.status).to.equal(200);
      const page = (await answer.json()) as {
        widgets: Array<{ id: string; name: string }>;
        nextCursor: string | null;
      };
      seen.push(...page.widgets.map((w) => w.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(WIDGETS.map((w) => w.id).sort());
  });

  it("refuses a limit out of range, and a request without a token", async () => {
    await start();
    expect((await list("?limit=0")).status).to.equal(400);
    expect((await list("?limit=101")).status).to.equal(400);
    expect((await fetch(`${sim.url}/api/v2/webchat/widgets`)).status).to.equal(401);
  });

  it("answers 404 when absent, pages forever when endless, and bad JSON when malformed", async () => {
    await start("absent");
    expect((await list()).status).to.equal(404);
    await sim.stop();
    await start("endless");
    const first = (await (await list("?limit=2")).json()) as { nextCursor: string };
    const second = (await (await list(`?limit=2&cursor=${first.nextCursor}`)).json()) as {
      widgets: unknown[];
      nextCursor: string;
    };
    expect(second.nextCursor).to.be.a("string").and.not.equal(first.nextCursor);
    expect(second.widgets).to.have.length(2);
    await sim.stop();
    await start("malformed");
    const malformed = await list();
    expect(malformed.status).to.equal(200);
    let parsed = true;
    try {
      JSON.parse(await malformed.text());
    } catch {
      parsed = false;
    }
    expect(parsed).to.equal(false);
  });

  it("counts against the tenant's rate like any other API request", async () => {
    sim = await new CxoneSimulator({ widgets: WIDGETS, rateLimitPerSecond: 1 }).start();
    token = "unused";
    const statuses = await Promise.all([list(), list(), list()].map(async (r) => (await r).status));
    expect(statuses).to.include(429);
  });
});
