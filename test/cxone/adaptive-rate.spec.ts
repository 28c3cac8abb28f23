import { expect } from "chai";
import { AdaptiveRate } from "../../provider/cxone/adaptive-rate";
import { FakeClock } from "../helpers/fake-clock";

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
async function spacing(rate: AdaptiveRate, clock: FakeClock, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await rate.acquire();
    times.push(clock.now());
  }
  return times.slice(1).map((t, i) => t - (times[i] ?? 0));
}

describe("AdaptiveRate", () => {
  it("sends its first request alone, then at half the limit until an answer says more", async () => {
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
    expect(await spacing(rate, clock, 3)).to.deep.equal([200, 200]);
  });

  it("goes at the limit, with its burst, once the tenant says its quota is untouched", async () => {
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
    await rate.acquire();
    rate.observe({ status: 200, headers: fields(10), sentAt: clock.now() });
    expect(rate.rate).to.equal(10);
    clock.time += 1_000;
    const waits = await spacing(rate, clock, 8);
    expect(waits.slice(0, 4)).to.deep.equal([0, 0, 0, 0]);
    expect(waits.slice(4)).to.deep.equal([100, 100, 100]);
  });

  it("joins a busy tenant at the share of the quota left", async () => {
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
    await rate.acquire();
    rate.observe({ status: 200, headers: fields(2), sentAt: clock.now() });
    expect(rate.rate).to.equal(2);
    expect((await spacing(rate, clock, 3)).every((w) => w >= 499)).to.equal(true);
  });

  it("slows down on a 429 and recovers over the following seconds", async () => {
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
    for (let i = 0; i < 30; i++) {
      await rate.acquire();
      rate.observe({ status: 200, headers: none, sentAt: clock.now() });
    }
    expect(rate.rate).to.equal(10);
    rate.observe({ status: 429, headers: none, sentAt: clock.now() });
    expect(rate.rate).to.be.below(8);
    const slow = await spacing(rate, clock, 3);
    expect(slow.every((w) => w > 100)).to.equal(true);
    for (let i = 0; i < 40; i++) {
      await rate.acquire();
      rate.observe({ status: 200, headers: none, sentAt: clock.now() });
    }
    expect(rate.rate).to.equal(10);
  });

  it("slows down when the remaining quota runs low, before any 429", () => {
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
    rate.observe({ status: 200, headers: fields(8), sentAt: clock.now() });
    const before = rate.rate;
    rate.observe({ status: 200, headers: fields(1), sentAt: clock.now() });
    expect(rate.rate).to.be.below(before);
  });

  it("sends nothing until the reset when the tenant says 0 remaining", async () => {
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
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
    const clock = new FakeClock();
    const rate = new AdaptiveRate(LIMIT, clock);
    await rate.acquire();
    const order: string[] = [];
    const take = (name: string, priority = false) =>
      rate.acquire({ priority }).then(() => order.push(name));
    await Promise.all([take("a"), take("b"), take("token", true), take("c")]);
    expect(order).to.deep.equal(["token", "a", "b", "c"]);
  });
});
