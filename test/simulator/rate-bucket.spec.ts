import { expect } from "chai";
import { RateBucket } from "../../provider/simulator/rate-bucket";

describe("RateBucket", () => {
  const bucket = (rate = 10) => {
    const clock = { time: Date.UTC(2026, 10, 24, 12, 0, 0) };
    return { clock, bucket: new RateBucket(rate, () => clock.time) };
  };

  it("describes itself with the IETF draft's RateLimit-Policy and RateLimit", () => {
    const { bucket: b } = bucket();
    expect(b.fields("ratelimit")).to.deep.equal({
      "ratelimit-policy": `"tenant";q=10;w=1`,
      ratelimit: `"tenant";r=10;t=0`,
    });
    for (let i = 0; i < 7; i++) b.take();
    expect(b.fields("ratelimit").ratelimit).to.equal(`"tenant";r=3;t=1`);
  });

  it("describes itself with X-RateLimit-*, and with nothing by default", () => {
    const { bucket: b } = bucket();
    b.take();
    expect(b.fields("x-ratelimit")).to.deep.equal({
      "x-ratelimit-limit": "10",
      "x-ratelimit-remaining": "9",
      "x-ratelimit-reset": "1",
    });
    expect(b.fields("none")).to.deep.equal({});
  });

  it("says 0 remaining when over its limit, and refills as time passes", () => {
    const { clock, bucket: b } = bucket(2);
    expect([b.take(), b.take(), b.take()]).to.deep.equal([true, true, false]);
    expect(b.fields("ratelimit").ratelimit).to.equal(`"tenant";r=0;t=1`);
    clock.time += 500;
    expect(b.fields("ratelimit").ratelimit).to.equal(`"tenant";r=1;t=1`);
  });

  it("gives a rate that is not a whole number over a ten-second window", () => {
    expect(bucket(2.5).bucket.fields("ratelimit")["ratelimit-policy"]).to.equal(
      `"tenant";q=25;w=10`,
    );
  });
});
