import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  burstFor,
  cubicRate,
  curveAt,
  curveScale,
  DEFAULT_ADAPTIVE_SETTINGS,
  nextRate,
  readTenant,
  recoverySeconds,
  startState,
  type AdaptiveSettings,
  type AdaptiveState,
  type Answer,
} from "../../provider/pacing/cubic";
import type { AdvertisedLimit } from "../../provider/pacing/rate-limit-headers";

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const settings: AdaptiveSettings = { ...DEFAULT_ADAPTIVE_SETTINGS, ceiling: 10 };
const ok: Answer = { throttled: false, limits: [] };
const throttled: Answer = { throttled: true, limits: [] };
const tenant = (remaining: number, quota = 10): Answer => ({
  throttled: false,
  limits: [{ name: "tenant", quota, windowSeconds: 1, remaining, resetMs: 1000 }],
});

/** A state sending steadily at `rate` (measured too), on the flat of its curve at T0. */
const steady = (rate: number): AdaptiveState => ({
  ...startState(settings, T0),
  rate,
  lastMaxRate: rate,
  lastCutAt: T0,
  recoverySeconds: 0,
  measuredRate: rate,
  heardLevel: true,
});

describe("recoverySeconds and cubicRate", () => {
  it("start the curve at beta times the rate cut, back at it after K seconds, and past it after", () => {
    const k = recoverySeconds(10, 0.7, 0.4);
    expect(k).to.be.closeTo(Math.cbrt(7.5), 1e-9);
    expect(cubicRate(0, 10, k, 0.4)).to.be.closeTo(7, 1e-9);
    expect(cubicRate(k, 10, k, 0.4)).to.be.closeTo(10, 1e-9);
    expect(cubicRate(k + 2, 10, k, 0.4)).to.be.closeTo(10 + 0.4 * 8, 1e-9);
  });

  it("is flat near the rate that was cut and steep away from it", () => {
    const k = recoverySeconds(10, 0.7, 0.4);
    const near = cubicRate(k + 0.25, 10, k, 0.4) - cubicRate(k, 10, k, 0.4);
    const far = cubicRate(0.25, 10, k, 0.4) - cubicRate(0, 10, k, 0.4);
    expect(far).to.be.greaterThan(near * 10);
  });
});

describe("readTenant", () => {
  const limit = (l: AdvertisedLimit) => l;

  it("takes the ceiling and the level from the tightest short-window quota", () => {
    expect(
      readTenant(
        [
          limit({ quota: 100, windowSeconds: 10, remaining: 80 }),
          limit({ quota: 10, windowSeconds: 1, remaining: 2 }),
        ],
        settings,
      ),
    ).to.deep.equal({ ceiling: 10, level: 0.2 });
  });

  it("lets a long-window quota set neither rate nor level, only a hold at 0 remaining", () => {
    expect(
      readTenant([limit({ quota: 1000, windowSeconds: 86_400, remaining: 5 })], settings),
    ).to.deep.equal({});
    expect(
      readTenant(
        [limit({ quota: 1000, windowSeconds: 86_400, remaining: 0, resetMs: 7200_000 })],
        settings,
      ),
    ).to.deep.equal({ holdMs: settings.maxHoldMs });
  });

  it("reads a level from a quota with no window (X-RateLimit-Limit), but no ceiling", () => {
    expect(readTenant([limit({ quota: 600, remaining: 150 })], settings)).to.deep.equal({
      level: 0.25,
    });
  });

  it("holds until the reset of a quota at 0 remaining, the longest of several", () => {
    expect(
      readTenant(
        [
          limit({ quota: 10, windowSeconds: 1, remaining: 0, resetMs: 1000 }),
          limit({ remaining: 0, resetMs: 4000 }),
        ],
        settings,
      ),
    ).to.deep.include({ holdMs: 4000, level: 0 });
  });
});

describe("nextRate", () => {
  it("starts at half the ceiling and climbs to it within 3 s when nothing says otherwise", () => {
    let state = startState(settings, T0);
    expect(state.rate).to.equal(5);
    for (let ms = 100; ms <= 3000; ms += 100) state = nextRate(state, ok, T0 + ms, settings).state;
    expect(state.rate).to.equal(10);
  });

  it("cuts to beta times the rate being sent on a 429, with a plateau below the rate throttled", () => {
    const { state } = nextRate(steady(8), { ...throttled, random: 0 }, T0, settings);
    expect(settings.beta).to.equal(0.5);
    expect(state.rate).to.be.closeTo(8 * 0.5, 1e-9);
    expect(state.lastMaxRate).to.be.closeTo(8 * settings.plateauShare, 1e-9);
    expect(state.loweredAt).to.equal(T0);
    expect(state.lastCutAt).to.equal(T0 + settings.holdMs);
  });

  it("holds the cut for holdMs, and up to twice that by its jitter draw, before climbing", () => {
    for (const random of [0, 0.5, 0.99]) {
      const hold = settings.holdMs * (1 + random);
      const cut = nextRate(steady(8), { ...throttled, random }, T0, settings).state;
      const held = nextRate(cut, ok, T0 + hold - 1, settings).state;
      expect(held.rate, `draw ${random}`).to.be.closeTo(4, 1e-9);
      const climbing = nextRate(cut, ok, T0 + hold + 500, settings).state;
      expect(climbing.rate, `draw ${random}`).to.be.above(4.1);
    }
  });

  it("holds at least as long as the 429's Retry-After asked, up to maxHoldMs", () => {
    const cut = (retryAfterMs: number) =>
      nextRate(steady(8), { ...throttled, random: 0, retryAfterMs }, T0, settings).state;
    expect(cut(500).lastCutAt).to.equal(T0 + settings.holdMs);
    expect(cut(4_000).lastCutAt).to.equal(T0 + 4_000);
    expect(cut(3_600_000).lastCutAt).to.equal(T0 + settings.maxHoldMs);
  });

  it("lowers the plateau further when the rate throttled is below the last plateau (fast convergence)", () => {
    const first = nextRate(steady(8), { ...throttled, random: 0 }, T0, settings).state;
    const measured = { ...first, rate: 5, measuredRate: 5 };
    const second = nextRate(measured, { ...throttled, random: 0 }, T0 + 100, settings).state;
    expect(second.lastMaxRate).to.be.closeTo(
      5 * settings.plateauShare * settings.fastConvergence,
      1e-9,
    );
  });

  it("does not take the ceiling a process starts under for a plateau it was throttled below", () => {
    const { state } = nextRate(
      { ...startState(settings, T0), measuredRate: 5 },
      { ...throttled, random: 0 },
      T0,
      settings,
    );
    expect(state.lastMaxRate).to.be.closeTo(5 * settings.plateauShare, 1e-9);
  });

  it("lowers the rate once per congestion event: answers to requests sent before the cut do not cut again", () => {
    const once = nextRate(steady(8), throttled, T0, settings).state;
    const inFlight = nextRate(once, { ...throttled, sentAt: T0 - 50 }, T0 + 10, settings).state;
    expect(inFlight.rate).to.be.closeTo(once.rate, 0.01);
    const softInFlight = nextRate(once, { ...tenant(1), sentAt: T0 - 50 }, T0 + 10, settings);
    expect(softInFlight.state.rate).to.be.closeTo(once.rate, 0.01);
    const after = nextRate(once, { ...throttled, sentAt: T0 + 5 }, T0 + 10, settings).state;
    expect(after.rate).to.be.below(once.rate * 0.75);
  });

  it("cuts from the measured rate when less was sent than allowed", () => {
    const { state } = nextRate({ ...steady(10), measuredRate: 4 }, throttled, T0, settings);
    expect(state.rate).to.be.closeTo(4 * settings.beta, 1e-9);
  });

  it("climbs back after the hold, to its plateau after K seconds, and never past the ceiling", () => {
    let state = nextRate(steady(6), { ...throttled, random: 0 }, T0, settings).state;
    const plateau = 6 * settings.plateauShare;
    expect(state.recoverySeconds).to.be.closeTo(
      recoverySeconds(plateau, 3 / plateau, curveScale(plateau, 10, settings.scale)),
      1e-9,
    );
    const back = T0 + settings.holdMs + state.recoverySeconds * 1000;
    state = nextRate(state, ok, back, settings).state;
    expect(state.rate).to.be.closeTo(plateau, 0.01);
    state = nextRate(state, ok, back + 60_000, settings).state;
    expect(state.rate).to.equal(settings.ceiling);
  });

  it("takes as long to climb back to any plateau: its steepness is its share of the ceiling", () => {
    const k = (rate: number) =>
      nextRate(steady(rate), throttled, T0, settings).state.recoverySeconds;
    expect(k(2)).to.be.closeTo(k(8), 1e-9);
  });

  it("probes above its plateau slowly, at its share of probeSlope, then faster the longer no 429 comes", () => {
    const plateau = (rate: number): AdaptiveState => ({
      ...steady(rate),
      lastCutAt: T0,
      recoverySeconds: 0,
    });
    const at = (rate: number, seconds: number) =>
      curveAt(plateau(rate), T0 + seconds * 1000, settings) - rate;
    expect(at(10, 1)).to.be.closeTo(settings.probeSlope + settings.probeCubic, 1e-9);
    expect(at(2.5, 1)).to.be.closeTo(settings.probeSlope / 4 + settings.probeCubic, 1e-9);
    // Four processes at a quarter each probe, together, about as fast as one alone.
    expect(4 * at(2.5, 2)).to.be.closeTo(at(10, 2) + 3 * 8 * settings.probeCubic, 1e-9);
    expect(at(2.5, 10)).to.be.above(settings.ceiling - 2.5);
  });

  it("cuts gently when the tenant's remaining quota is low, before any 429", () => {
    const { state } = nextRate(steady(8), tenant(2), T0, settings);
    expect(state.rate).to.be.closeTo(8 * settings.softBeta, 1e-9);
    expect(nextRate(steady(8), tenant(5), T0, settings).state.rate).to.equal(8);
  });

  it("climbs faster than the curve while the tenant's quota is nearly full, up to twice what it sends", () => {
    let state = steady(4);
    state = nextRate(state, tenant(10), T0, settings).state;
    expect(state.rate).to.be.closeTo(4 + settings.highStep * 10, 1e-9);
    for (let i = 0; i < 20; i++) state = nextRate(state, tenant(10), T0, settings).state;
    expect(state.rate).to.equal(8);
    expect(nextRate(steady(4), tenant(8), T0, settings).state.rate).to.equal(4);
  });

  it("starts from the share of the quota left at the first answer that tells it", () => {
    const busy = nextRate(startState(settings, T0), tenant(2), T0 + 50, settings).state;
    expect(busy.rate).to.be.closeTo(2, 1e-9);
    const idle = nextRate(startState(settings, T0), tenant(10), T0 + 50, settings).state;
    expect(idle.rate).to.equal(10);
  });

  it("lowers its ceiling to an advertised policy below the configured limit", () => {
    const { state } = nextRate(steady(10), tenant(4, 4), T0, settings);
    expect(state.ceiling).to.equal(4);
    expect(state.rate).to.equal(4);
  });

  it("says to hold when a quota is at 0 remaining", () => {
    expect(nextRate(steady(5), tenant(0), T0, settings).holdMs).to.equal(1000);
    expect(nextRate(steady(5), tenant(3), T0, settings).holdMs).to.equal(undefined);
  });

  it("never exceeds a configured limit below minRate, from the start", () => {
    const slow = { ...settings, ceiling: 0.2 };
    let state = startState(slow, T0);
    expect(state.rate).to.equal(0.2);
    state = nextRate(state, tenant(10), T0 + 10, slow).state;
    expect(state.rate).to.equal(0.2);
    state = nextRate(state, throttled, T0 + 20, slow).state;
    expect(state.rate).to.equal(0.2);
  });

  it("never goes below minRate, however many 429s", () => {
    let state = steady(10);
    for (let i = 0; i < 50; i++) state = nextRate(state, throttled, T0 + i, settings).state;
    expect(state.rate).to.equal(settings.minRate);
  });

  it("lets processes sharing one tenant find its limit, with RateLimit headers and without", () => {
    for (const headers of [true, false]) {
      const run = shareTenant(3, 30, headers);
      // The tenant serves close to its limit of 10/s once the processes have found their shares.
      expect(run.served / run.seconds, `headers ${headers}: rate`).to.be.within(8, 10.5);
      expect(run.throttled / run.sent, `headers ${headers}: 429 share`).to.be.below(
        headers ? 0.05 : 0.2,
      );
    }
  });
});

describe("burstFor", () => {
  it("allows one request before any answer, then half a second's worth, capped", () => {
    const state = steady(10);
    expect(burstFor(state, 5, false)).to.equal(1);
    expect(burstFor(state, 5, true)).to.equal(5);
    expect(burstFor(state, 3, true)).to.equal(3);
    expect(burstFor(steady(1), 5, true)).to.equal(1);
  });
});

/**
 * `processes` controllers, each sending as fast as its rate allows, against a tenant bucket of
 * 10/s and burst 10, in 10 ms steps for `seconds`: what the tenant served and refused. With
 * `headers`, every answer carries the bucket's remaining quota.
 */
function shareTenant(processes: number, seconds: number, headers: boolean) {
  const step = 10;
  let tokens = 10;
  let served = 0;
  let throttledCount = 0;
  let sent = 0;
  const senders = Array.from({ length: processes }, (_, i) => ({
    state: startState(settings, T0 + i * 700),
    credit: 0,
    from: T0 + i * 700,
  }));
  for (let now = T0; now < T0 + seconds * 1000; now += step) {
    tokens = Math.min(10, tokens + step / 100);
    for (const s of senders) {
      if (now < s.from) continue;
      s.credit = Math.min(1, s.credit + (s.state.rate * step) / 1000);
      if (s.credit < 1) continue;
      s.credit -= 1;
      sent++;
      const allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
        served++;
      } else throttledCount++;
      const limits: AdvertisedLimit[] = headers
        ? [{ quota: 10, windowSeconds: 1, remaining: Math.floor(tokens), resetMs: 1000 }]
        : [];
      s.state = nextRate(s.state, { throttled: !allowed, limits }, now, settings).state;
    }
  }
  return { served, throttled: throttledCount, sent, seconds };
}

describe("the adaptive rate docs/teams.md describes", () => {
  const teams = readFileSync(join(__dirname, "..", "..", "..", "docs", "teams.md"), "utf8").replace(
    /\s+/g,
    " ",
  );
  const d = DEFAULT_ADAPTIVE_SETTINGS;

  it("halves on a 429, holds 1 to 2 s, and returns to a plateau 15% (or 32%) below", () => {
    expect(d.beta).to.equal(0.5);
    expect(teams).to.contain("the rate halves (from what it was really sending)");
    expect([d.holdMs, d.holdMs * (1 + d.holdJitter)]).to.deep.equal([1000, 2000]);
    expect(teams).to.contain("it stays there for 1 to 2 s");
    expect(Math.round((1 - d.plateauShare) * 100)).to.equal(15);
    expect(Math.round((1 - d.plateauShare * d.fastConvergence) * 100)).to.equal(32);
    expect(teams).to.contain("to a plateau 15% below the rate that was throttled");
    expect(teams).to.contain("32% below when it was throttled below its last plateau");
  });

  it("probes above the plateau at 0.2 requests per second each second, times its share", () => {
    expect(d.probeSlope).to.equal(0.2);
    expect(teams).to.contain(
      "0.2 requests per second more each second times its share of the limit",
    );
  });
});
