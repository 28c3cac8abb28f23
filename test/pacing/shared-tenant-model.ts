import sinon from "sinon";
import { systemClock, type Clock } from "../../provider/time/clock";
import type { Pacing } from "../../provider/pacing/pacing";
import { pipelineContext, sendWithRetry } from "../../provider/http/send-with-retry";
import type { FetchLike } from "../../provider/http/transport";
import { RateBucket } from "../../provider/simulator/rate-bucket";
import { seededRandom } from "../../provider/simulator/seeded-random";

/** A model run: processes that share one tenant, on a fake clock. */
export interface SharedTenantRun {
  /** When each process starts, ms after the first; one process per entry. */
  readonly startsMs: readonly number[];
  /** Widgets each process writes: a GET then a PUT each, all widgets at once. @default 30 */
  readonly widgets?: number;
  /** The tenant's rate, requests per second. @default 10 */
  readonly rate?: number;
  /** Each process's pacing, built when it starts. */
  readonly pacing: (clock: Clock) => Pacing;
  /** Seeds the network's latency and each process's random source. @default 1 */
  readonly seed?: number;
  /** A tenant outage: every connection is reset from `fromMs` to `toMs` after the start. */
  readonly outage?: { readonly fromMs: number; readonly toMs: number };
}

/** What the tenant saw, and how the writes ended. */
export interface SharedTenantResult {
  readonly requests: number;
  readonly throttled: number;
  readonly failed: number;
  /** From the first request to the last, against all requests ÷ the rate. */
  readonly phaseToFloor: number;
  /** Each process's requests and 429s. */
  readonly perProcess: ReadonlyArray<{ requests: number; throttled: number }>;
  /** Requests served (not 429) in each second from the first request. */
  readonly servedPerSecond: readonly number[];
  /** When each 429 was answered, seconds from the first request, and to which process. */
  readonly throttledAt: ReadonlyArray<{ process: number; second: number }>;
}

/**
 * Runs processes that each write their widgets (a token, then a GET and a PUT per widget, every
 * widget at once, as `pulumi up` issues its creates) through the real retry pipeline and their
 * own pacing, against a tenant that answers as the simulator does (its token bucket, 429 with
 * Retry-After), with 1 to 9 ms of network each way, and resets every connection during an
 * outage. Time is sinon's fake clock, so a minute of traffic takes a second to run, and a run is
 * repeatable.
 */
export async function runSharedTenant(run: SharedTenantRun): Promise<SharedTenantResult> {
  const fake = sinon.useFakeTimers({
    now: Date.UTC(2026, 0, 1),
    toFake: ["setTimeout", "clearTimeout", "Date"],
    loopLimit: 1_000_000,
  });
  try {
    const rate = run.rate ?? 10;
    const widgets = run.widgets ?? 30;
    const clock = systemClock;
    const tenant = new RateBucket(rate, () => clock.now());
    const t0 = clock.now();
    const down = () =>
      run.outage !== undefined &&
      clock.now() - t0 >= run.outage.fromMs &&
      clock.now() - t0 < run.outage.toMs;
    const network = seededRandom(run.seed ?? 1);
    const log: { process: number; at: number; status: number }[] = [];
    const fetchFor =
      (process: number): FetchLike =>
      async () => {
        await clock.sleep(1 + Math.floor(network() * 9));
        if (down()) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        const ok = tenant.take();
        const retryAfter = ok ? null : tenant.retryAfter();
        log.push({ process, at: clock.now(), status: ok ? 200 : 429 });
        await clock.sleep(1 + Math.floor(network() * 9));
        return {
          status: ok ? 200 : 429,
          statusText: ok ? "OK" : "Too Many Requests",
          headers: { get: (name) => (name.toLowerCase() === "retry-after" ? retryAfter : null) },
          text: () => Promise.resolve(""),
        };
      };
    const processes = run.startsMs.map(async (startMs, p) => {
      await clock.sleep(startMs);
      // Each process draws from a random source of its own, on the one fake time.
      const random = seededRandom((run.seed ?? 1) * 100 + p);
      const own: Clock = { now: clock.now, sleep: clock.sleep, random };
      const ctx = pipelineContext({ fetch: fetchFor(p), clock: own }, run.pacing(own));
      const send = (path: string, priority = false) =>
        sendWithRetry(ctx, {
          method: "GET",
          url: `http://tenant${path}`,
          path,
          headers: () => ({}),
          priority,
        });
      await send("/oauth/token", true);
      return Promise.allSettled(
        Array.from({ length: widgets }, async (_, i) => {
          const read = await send(`/widgets/${p}-${i}`);
          const write = await send(`/widgets/${p}-${i}`);
          if (read.status !== 200 || write.status !== 200) throw new Error("not written");
        }),
      );
    });
    const done = Promise.all(processes);
    await fake.runAllAsync();
    const outcomes = (await done).flat();
    const first = log[0]?.at ?? 0;
    const last = log.at(-1)?.at ?? 0;
    return {
      requests: log.length,
      throttled: log.filter((e) => e.status === 429).length,
      failed: outcomes.filter((o) => o.status === "rejected").length,
      phaseToFloor: (last - first) / 1000 / (log.length / rate),
      perProcess: run.startsMs.map((_, p) => ({
        requests: log.filter((e) => e.process === p).length,
        throttled: log.filter((e) => e.process === p && e.status === 429).length,
      })),
      servedPerSecond: log
        .filter((e) => e.status !== 429)
        .reduce<number[]>((perSecond, e) => {
          const second = Math.floor((e.at - first) / 1000);
          perSecond[second] = (perSecond[second] ?? 0) + 1;
          return perSecond;
        }, []),
      throttledAt: log
        .filter((e) => e.status === 429)
        .map((e) => ({ process: e.process, second: (e.at - first) / 1000 })),
    };
  } finally {
    fake.restore();
  }
}
