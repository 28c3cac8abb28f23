import { expect } from "chai";
import { TokenBucket } from "../../provider/cxone/rate-limiter";
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
});
