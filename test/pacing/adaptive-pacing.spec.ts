import { expect } from "chai";
import { AdaptivePacing } from "../../provider/pacing/adaptive-pacing";
import type { Clock } from "../../provider/time/clock";
import { FakeClock } from "../helpers/fake-clock";
import { runSharedTenant, type SharedTenantResult } from "./shared-tenant-model";

const LIMIT = { requestsPerSecond: 10, burst: 5 };
const none = { get: () => null };
const fields = (remaining: number, quota = 10) => {
  const values: Record<string, string> = {
    ratelimit: `"tenant";r=${remaining};t=1`,
    "ratelimit-policy": `"tenant";q=${quota};w=1`,
  };
  return { get: (name: string) => values[name.toLowerCase()] ?? null };
};

/** Acquires `n` slots one after another and returns the waits between them, in ms. */
async function spacing(rate: AdaptivePacing, clock: FakeClock, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await rate.acquire();
    times.push(clock.now());
  }
  return times.slice(1).map((t, i) => t - (times[i] ?? 0));
}

describe("AdaptivePacing", () => {
  it("sends its first request alone, then at half the limit until an answer says more", async () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    expect(await spacing(rate, clock, 3)).to.deep.equal([200, 200]);
  });

  it("goes at the limit, with its burst, once the tenant says its quota is untouched", async () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    await rate.acquire();
    rate.observe({ status: 200, headers: fields(10), sentAt: clock.now() });
    expect(rate.rate).to.equal(10);
    clock.time += 1_000;
    const waits = await spacing(rate, clock, 8);
    expect(waits.slice(0, 4)).to.deep.equal([0, 0, 0, 0]);
    expect(waits.slice(4)).to.deep.equal([100, 100, 100]);
  });

  it("joins a busy tenant at the share of the quota left", async () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    await rate.acquire();
    rate.observe({ status: 200, headers: fields(2), sentAt: clock.now() });
    expect(rate.rate).to.equal(2);
    expect((await spacing(rate, clock, 3)).every((w) => w >= 499)).to.equal(true);
  });

  it("halves its rate on a 429 and is back at the limit, alone, within about 10 s", async () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    for (let i = 0; i < 30; i++) {
      await rate.acquire();
      rate.observe({ status: 200, headers: none, sentAt: clock.now() });
    }
    expect(rate.rate).to.equal(10);
    const cutAt = clock.now();
    rate.observe({ status: 429, headers: none, sentAt: clock.now() });
    expect(rate.rate).to.be.closeTo(5, 0.1);
    const slow = await spacing(rate, clock, 3);
    expect(slow.every((w) => w >= 200)).to.equal(true);
    for (let i = 0; i < 200 && rate.rate < 10; i++) {
      await rate.acquire();
      rate.observe({ status: 200, headers: none, sentAt: clock.now() });
    }
    expect(rate.rate).to.equal(10);
    expect(clock.now() - cutAt).to.be.within(5_000, 12_000);
  });

  it("slows down when the remaining quota runs low, before any 429", () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    rate.observe({ status: 200, headers: fields(8), sentAt: clock.now() });
    const before = rate.rate;
    rate.observe({ status: 200, headers: fields(1), sentAt: clock.now() });
    expect(rate.rate).to.be.below(before);
  });

  it("sends nothing until the reset when the tenant says 0 remaining", async () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    rate.observe({ status: 200, headers: fields(10), sentAt: clock.now() });
    clock.time += 1_000;
    await rate.acquire();
    rate.observe({
      status: 200,
      headers: { get: (n) => ({ ratelimit: `"tenant";r=0;t=3` })[n.toLowerCase()] ?? null },
      sentAt: clock.now(),
    });
    const at = clock.now();
    await rate.acquire();
    expect(clock.now() - at).to.be.at.least(3_000);
  });

  it("keeps the priority lane: a token request waiting goes before the queue", async () => {
    const clock = new FakeClock(undefined, () => 0);
    const rate = new AdaptivePacing(LIMIT, clock, {});
    await rate.acquire();
    const order: string[] = [];
    const take = (name: string, priority = false) =>
      rate.acquire({ priority }).then(() => order.push(name));
    await Promise.all([take("a"), take("b"), take("token", true), take("c")]);
    expect(order).to.deep.equal(["token", "a", "b", "c"]);
  });
});

describe("AdaptivePacing, processes sharing a tenant without rate-limit headers (a model on a fake clock)", () => {
  const pacing = (clock: Clock) => new AdaptivePacing(LIMIT, clock, {});
  const share = (r: SharedTenantResult) => r.throttled / r.requests;

  it("lets one process alone deploy at the limit, with no 429", async () => {
    for (const widgets of [30, 200]) {
      const run = await runSharedTenant({ startsMs: [0], widgets, pacing });
      expect(run.throttled, `${widgets} widgets`).to.equal(0);
      expect(run.phaseToFloor, `${widgets} widgets`).to.be.at.most(widgets === 30 ? 1.06 : 1.02);
    }
  });

  for (const [processes, bound] of [
    [2, 0.04],
    [3, 0.05],
    [4, 0.075],
  ] as const) {
    it(`keeps ${processes} processes started together to ${bound * 100}% of requests answered 429, none failing`, async () => {
      for (const seed of [1, 2, 3]) {
        const startsMs = Array.from({ length: processes }, () => 0);
        const run = await runSharedTenant({ startsMs, pacing, seed });
        expect(run.failed, `seed ${seed}`).to.equal(0);
        expect(share(run), `seed ${seed}`).to.be.at.most(bound);
        expect(run.phaseToFloor, `seed ${seed}`).to.be.at.most(1.3);
      }
    });
  }

  it("keeps 4 processes started 1.5 s apart to 7% of requests answered 429, none failing", async () => {
    for (const seed of [1, 2, 3]) {
      const run = await runSharedTenant({ startsMs: [0, 1500, 3000, 4500], pacing, seed });
      expect(run.failed, `seed ${seed}`).to.equal(0);
      expect(share(run), `seed ${seed}`).to.be.at.most(0.07);
    }
  });

  it("rides out a 30 s tenant outage in the middle of a deployment: no write fails", async () => {
    const run = await runSharedTenant({
      startsMs: [0],
      pacing,
      outage: { fromMs: 2_000, toMs: 32_000 },
    });
    expect(run.failed).to.equal(0);
    expect(run.requests - run.throttled).to.be.at.least(61);
  });
});
