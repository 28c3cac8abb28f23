import { expect } from "chai";
import { CxoneClient } from "../../provider/cxone/client";
import { clearTokenCache } from "../../provider/cxone/oauth";
import { parsePolicy } from "../../provider/policy/validate";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { defaultWidgets } from "../../provider/simulator/widget-store";

describe("the shared tenant rate limiter", () => {
  let sim: CxoneSimulator;
  const RATE = 50; // the same limit on both sides; 50/s keeps the test short, the proportions are the same as at 10/s
  beforeEach(async () => {
    clearTokenCache();
    const template = defaultWidgets()[0];
    const widgets = Array.from({ length: 100 }, (_, i) => ({
      ...structuredClone(template),
      id: `w-${i}`,
    })) as ReturnType<typeof defaultWidgets>;
    sim = await new CxoneSimulator({ widgets, rateLimitPerSecond: RATE }).start();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it("keeps 100 concurrent updates, from separate clients, free of 429s", async function () {
    this.timeout(30_000);
    const policy = parsePolicy({
      corsOrigins: ["https://shop.example.com"],
      authentication: { requireToken: false },
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new CxoneClient({
          baseUrl: sim.url,
          ...DEMO_CREDENTIALS,
          rateLimit: { requestsPerSecond: RATE, burst: RATE / 2 },
        }).setSecurityPolicy(`w-${i}`, policy),
      ),
    );
    const counters = sim.counters();
    expect(counters.byStatus["429"] ?? 0).to.equal(0);
    expect(counters.byRoute["PUT /api/v2/webchat/widgets/{id}"]).to.equal(100);
    expect(counters.total).to.equal(201);
  });
});
