import { expect } from "chai";
import fc from "fast-check";
import { parseRateLimitHeaders } from "../../provider/pacing/rate-limit-headers";

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const headers = (fields: Record<string, string>) => ({
  get: (name: string) => fields[name.toLowerCase()] ?? null,
});
const parse = (fields: Record<string, string>) => parseRateLimitHeaders(headers(fields), NOW);

describe("parseRateLimitHeaders", () => {
  it("reads the IETF draft's RateLimit and joins it to its RateLimit-Policy by name", () => {
    expect(
      parse({
        "ratelimit-policy": `"burst";q=100;w=60, "daily";q=1000;w=86400`,
        ratelimit: `"burst";r=50;t=30, "daily";r=999`,
      }),
    ).to.deep.equal([
      { name: "burst", quota: 100, windowSeconds: 60, remaining: 50, resetMs: 30_000 },
      { name: "daily", quota: 1000, windowSeconds: 86400, remaining: 999 },
    ]);
  });

  it("keeps a RateLimit whose policy is not sent, with what it says", () => {
    expect(parse({ ratelimit: `"default";r=0;t=7` })).to.deep.equal([
      { name: "default", remaining: 0, resetMs: 7000 },
    ]);
  });

  it("lists the policies alone when no current limit is sent", () => {
    expect(parse({ "ratelimit-policy": `"tenant";q=10;w=1` })).to.deep.equal([
      { name: "tenant", quota: 10, windowSeconds: 1 },
    ]);
  });

  it("reads draft 07's dictionary and unnamed policy", () => {
    expect(
      parse({ ratelimit: "limit=10, remaining=4, reset=1", "ratelimit-policy": "10;w=1" }),
    ).to.deep.equal([{ quota: 10, windowSeconds: 1, remaining: 4, resetMs: 1000 }]);
  });

  it("reads the older RateLimit-Limit, -Remaining and -Reset", () => {
    expect(
      parse({
        "ratelimit-limit": "10, 10;w=1",
        "ratelimit-remaining": "3",
        "ratelimit-reset": "2",
      }),
    ).to.deep.equal([{ quota: 10, remaining: 3, resetMs: 2000 }]);
  });

  it("reads X-RateLimit-*, with a reset in seconds or as an epoch time", () => {
    expect(
      parse({
        "x-ratelimit-limit": "600",
        "x-ratelimit-remaining": "12",
        "x-ratelimit-reset": "40",
      }),
    ).to.deep.equal([{ quota: 600, remaining: 12, resetMs: 40_000 }]);
    const epoch = String(NOW / 1000 + 90);
    expect(parse({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": epoch })).to.deep.equal([
      { remaining: 0, resetMs: 90_000 },
    ]);
  });

  it("prefers the IETF fields to the older ones when both are sent", () => {
    const limits = parse({
      ratelimit: `"tenant";r=2;t=1`,
      "ratelimit-policy": `"tenant";q=10;w=1`,
      "x-ratelimit-limit": "600",
      "x-ratelimit-remaining": "500",
    });
    expect(limits).to.deep.equal([
      { name: "tenant", quota: 10, windowSeconds: 1, remaining: 2, resetMs: 1000 },
    ]);
  });

  it("ignores what is malformed, as the draft requires", () => {
    const cases: Record<string, string>[] = [
      { ratelimit: `"default";r=-1` },
      { ratelimit: `"default";r=1.5` },
      { ratelimit: "((" },
      { ratelimit: `"default";t=3` },
      { "ratelimit-policy": `"p";q=0;w=0` },
      { "x-ratelimit-remaining": "many" },
      { "x-ratelimit-remaining": "-3" },
      {},
    ];
    for (const fields of cases) {
      expect(parse(fields), JSON.stringify(fields)).to.deep.equal([]);
    }
  });

  it("never throws, whatever the fields hold", () => {
    const names = [
      "ratelimit",
      "ratelimit-policy",
      "ratelimit-remaining",
      "ratelimit-limit",
      "ratelimit-reset",
      "x-ratelimit-remaining",
      "x-ratelimit-limit",
      "x-ratelimit-reset",
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.string()), (fields) => {
        const limits = parse(fields);
        for (const limit of limits) {
          for (const value of [limit.quota, limit.remaining, limit.resetMs, limit.windowSeconds])
            if (value !== undefined) expect(value).to.be.at.least(0);
        }
      }),
    );
  });
});
