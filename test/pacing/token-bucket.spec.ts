import { expect } from "chai";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import { FakeClock } from "../helpers/fake-clock";

describe("TokenBucket", () => {
  it("lets a burst through at once, then spaces requests at the sustained rate", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) await bucket.acquire();
    expect(clock.sleeps).to.deep.equal([]);
    await bucket.acquire();
    await bucket.acquire();
    expect(clock.sleeps).to.deep.equal([100, 100]);
  });

  it("queues concurrent callers behind each other", async () => {
    const clock = new FakeClock();
    // Time stands still while they wait, as it does when all callers arrive in the same tick.
    clock.sleep = (ms) => {
      clock.sleeps.push(ms);
      return Promise.resolve();
    };
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 1 }, clock);
    await Promise.all(Array.from({ length: 5 }, () => bucket.acquire()));
    expect(clock.sleeps).to.deep.equal([100, 200, 300, 400]);
  });

  it("lets priority callers go first, in their own order, at the same rate", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 1 }, clock);
    await bucket.acquire();
    const order: string[] = [];
    const take = (name: string, priority = false) =>
      bucket.acquire({ priority }).then(() => order.push(name));
    await Promise.all([take("a"), take("b"), take("p1", true), take("c"), take("p2", true)]);
    expect(order).to.deep.equal(["p1", "p2", "a", "b", "c"]);
    expect(clock.sleeps).to.deep.equal([100, 100, 100, 100, 100]);
  });

  it("with jitter, delays each slot by up to its share of a slot, and the next makes it up", async () => {
    const draws = [0.5, 0, 0.99, 0.25];
    let i = 0;
    const clock = new FakeClock(undefined, () => draws[i++ % draws.length] ?? 0);
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 1 }, clock, { share: 1 });
    await bucket.acquire();
    await Promise.all(Array.from({ length: 100 }, () => bucket.acquire()));
    // 100 ms a slot, plus 50, 0, 99 and 25 ms of jitter; each slot then waits only for what
    // is still owed after the late one before it.
    expect(clock.sleeps.slice(0, 4)).to.deep.equal([150, 50, 199, 26]);
    expect(Math.max(...clock.sleeps)).to.be.at.most(200);
    // The sustained rate is kept: 100 slots take 10 s, give or take one slot's jitter.
    const total = clock.sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(total).to.be.within(10_000, 10_100);
  });

  it("refills while idle, up to the burst", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 2 }, clock);
    await bucket.acquire();
    await bucket.acquire();
    clock.time += 10_000;
    await bucket.acquire();
    await bucket.acquire();
    expect(clock.sleeps).to.deep.equal([]);
    await bucket.acquire();
    expect(clock.sleeps).to.deep.equal([100]);
  });

  it("spaces requests at a new rate from the moment it is set", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 1 }, clock);
    await bucket.acquire();
    await bucket.acquire();
    bucket.setLimit({ requestsPerSecond: 2, burst: 1 });
    await bucket.acquire();
    await bucket.acquire();
    expect(clock.sleeps).to.deep.equal([100, 500, 500]);
    expect(bucket.limit).to.deep.equal({ requestsPerSecond: 2, burst: 1 });
  });

  it("sends nothing while held, then resumes at its rate", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 2 }, clock);
    bucket.holdUntil(clock.now() + 3_000);
    bucket.holdUntil(clock.now() + 1_000);
    await bucket.acquire();
    expect(clock.now()).to.be.at.least(Date.UTC(2026, 10, 24, 12, 0, 3));
  });

  it("learns nothing from answers: the fixed mode", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 1 }, clock);
    bucket.observe();
    await bucket.acquire();
    await bucket.acquire();
    expect(clock.sleeps).to.deep.equal([100]);
  });
});
