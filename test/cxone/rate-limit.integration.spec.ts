import { expect } from "chai";
import { CxoneClient } from "../../provider/cxone/client";
import { clearTokenCache } from "../../provider/cxone/auth/token-source";
import { parsePolicy } from "../../provider/policy/validate";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { defaultWidgets } from "../../provider/simulator/widget-store";

describe("the shared tenant rate limiter", () => {
  let sim: CxoneSimulator;
  const RATE = 50; // the same limit on both sides; 50/s keeps the test short, the proportions are the same as at 10/s
  const start = async (options: { tokenTtlSeconds?: number } = {}) => {
    clearTokenCache();
    const template = defaultWidgets()[0];
    const widgets = Array.from({ length: 100 }, (_, i) => ({
      ...structuredClone(template),
      id: `w-${i}`,
    })) as ReturnType<typeof defaultWidgets>;
    sim = await new CxoneSimulator({ widgets, rateLimitPerSecond: RATE, ...options }).start();
  };
  afterEach(async () => {
    await sim.stop();
  });

  it("keeps 100 concurrent updates, from separate clients, free of 429s", async function () {
    this.timeout(30_000);
    await start();
    const policy = parsePolicy({
      corsOrigins: ["https://shop.example.com"],
      authentication: { requireToken: false },
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new CxoneClient({
          tenant: { baseUrl: sim.url },
          credentials: { kind: "client-credentials", values: { ...DEMO_CREDENTIALS } },
          rateLimit: { requestsPerSecond: RATE, burst: RATE / 2 },
        }).setSecurityPolicy(`w-${i}`, policy),
      ),
    );
    const counters = sim.counters();
    expect(counters.byStatus["429"] ?? 0).to.equal(0);
    expect(counters.byRoute["PUT /api/v2/webchat/widgets/{id}"]).to.equal(100);
    expect(counters.total).to.equal(201);
  });

  it("renews an expired token ahead of the queue, so the requests behind it neither stall nor burst into 429s", async function () {
    this.timeout(30_000);
    // Tokens live 1 s; 200 requests at 50/s take 4 s, so the token is renewed about 4 times
    // while requests wait. Queued behind them, each renewal would hold up every request that
    // leaves meanwhile, and those would then go at once, over the tenant's limit.
    await start({ tokenTtlSeconds: 1 });
    const policy = parsePolicy({
      corsOrigins: ["https://shop.example.com"],
      authentication: { requireToken: false },
    });
    const client = new CxoneClient({
      tenant: { baseUrl: sim.url },
      credentials: { kind: "client-credentials", values: { ...DEMO_CREDENTIALS } },
      rateLimit: { requestsPerSecond: RATE, burst: RATE / 2 },
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.setSecurityPolicy(`w-${i}`, policy)),
    );
    const counters = sim.counters();
    expect(counters.byStatus["429"] ?? 0, "429s").to.equal(0);
    expect(counters.byStatus["401"] ?? 0, "401s").to.equal(0);
    expect(counters.byRoute["PUT /api/v2/webchat/widgets/{id}"]).to.equal(100);
    expect(counters.byRoute["POST /oauth/token"]).to.be.within(2, 8);
  });
});
