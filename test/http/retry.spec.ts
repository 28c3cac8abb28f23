import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  type AttemptOutcome,
} from "../../provider/http/retry";
import { FakeClock } from "../helpers/fake-clock";

const status = (code: number, retryAfter?: string): AttemptOutcome => ({
  kind: "response",
  status: code,
  retryAfter: retryAfter ?? null,
});

describe("parseRetryAfter", () => {
  const clock = new FakeClock();

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("0", clock.now())).to.equal(0);
    expect(parseRetryAfter("7", clock.now())).to.equal(7000);
    expect(parseRetryAfter(" 2 ", clock.now())).to.equal(2000);
  });

  it("reads an HTTP-date relative to the injected clock", () => {
    const in30s = new Date(clock.now() + 30_000).toUTCString();
    expect(parseRetryAfter(in30s, clock.now())).to.equal(30_000);
  });

  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter(new Date(clock.now() - 60_000).toUTCString(), clock.now())).to.equal(0);
  });

  it("ignores a missing or malformed header", () => {
    for (const value of [undefined, null, "", "soon", "-5", "1.5", "12abc"]) {
      expect(parseRetryAfter(value, clock.now()), String(value)).to.equal(undefined);
    }
  });
});

describe("isRetryable", () => {
  it("retries 408, 429, 500, 502, 503 and 504, connection errors and timeouts", () => {
    for (const code of [408, 429, 500, 502, 503, 504])
      expect(isRetryable(status(code)), String(code)).to.equal(true);
    expect(isRetryable({ kind: "network" })).to.equal(true);
    expect(isRetryable({ kind: "timeout" })).to.equal(true);
  });

  it("never retries 400, 401, 403, 404, 409 or 422, nor unknown errors", () => {
    for (const code of [400, 401, 403, 404, 409, 412, 422])
      expect(isRetryable(status(code)), String(code)).to.equal(false);
    expect(isRetryable({ kind: "unknown" })).to.equal(false);
  });
});

const p = DEFAULT_RETRY_POLICY;

describe("backoffDelay", () => {
  it("draws below a ceiling that doubles per attempt up to maxDelayMs", () => {
    expect(backoffDelay(1, 0.999999, p)).to.equal(199);
    expect(backoffDelay(2, 0.999999, p)).to.equal(399);
    expect(backoffDelay(3, 0.5, p)).to.equal(400);
    expect(backoffDelay(20, 0.999999, p)).to.equal(p.maxDelayMs - 1);
    expect(backoffDelay(4, 0, p)).to.equal(0);
  });
});

describe("decideRetry", () => {
  const clock = new FakeClock();
  /** After `attempt` attempts, `throttled` of them answered 429 (`throttledMs` spent waiting on them). */
  const context = (
    attempt: number,
    { elapsedMs = 0, random = 0.5, throttled = 0, throttledMs = 0 } = {},
  ) => ({ attempt, throttled, elapsedMs, throttledMs, nowMs: clock.now(), random, policy: p });

  it("waits as long as Retry-After says on 429, in either form", () => {
    expect(decideRetry(status(429, "3"), context(1, { throttled: 1 }))).to.deep.equal({
      retry: true,
      delayMs: 3000,
    });
    const date = new Date(clock.now() + 4000).toUTCString();
    expect(decideRetry(status(429, date), context(1, { throttled: 1 }))).to.deep.equal({
      retry: true,
      delayMs: 4000,
    });
  });

  it("caps Retry-After at maxRetryAfterMs", () => {
    expect(decideRetry(status(429, "3600"), context(1, { throttled: 1 }))).to.deep.equal({
      retry: true,
      delayMs: p.maxRetryAfterMs,
    });
  });

  it("backs off with jitter on 503 and on a 429 without Retry-After", () => {
    expect(decideRetry(status(503), context(2, { random: 0.25 }))).to.deep.equal({
      retry: true,
      delayMs: 100,
    });
    expect(decideRetry(status(429), context(1, { throttled: 1 }))).to.deep.equal({
      retry: true,
      delayMs: 100,
    });
  });

  const capped = { ...p, maxAttempts: 5 };
  const cappedContext = (attempt: number, throttled = 0) => ({
    ...context(attempt, { throttled, elapsedMs: attempt * 1000 }),
    policy: capped,
  });

  it("retries errors for the whole time budget by default, however many attempts that takes", () => {
    expect(p.maxAttempts).to.equal(Number.POSITIVE_INFINITY);
    expect(p.maxTotalMs).to.equal(60_000);
    const late = context(40, { elapsedMs: 55_000, random: 0.999 });
    expect(decideRetry(status(503), late)).to.deep.equal({ retry: true, delayMs: 4_995 });
    expect(decideRetry({ kind: "network" }, late)).to.deep.equal({ retry: true, delayMs: 4_995 });
    expect(decideRetry({ kind: "network" }, { ...late, elapsedMs: 55_006 })).to.deep.equal({
      retry: false,
      reason: "gave up after 40 attempts: the next would pass 60000 ms",
    });
  });

  it("stops after maxAttempts errors when a caller sets a cap", () => {
    const decision = decideRetry(status(503), cappedContext(capped.maxAttempts));
    expect(decision).to.deep.equal({ retry: false, reason: "gave up after 5 attempts" });
  });

  it("keeps retrying 429s past maxAttempts: they are not errors", () => {
    const attempts = capped.maxAttempts * 4;
    const decision = decideRetry(status(429, "1"), cappedContext(attempts, attempts));
    expect(decision).to.deep.equal({ retry: true, delayMs: 1000 });
  });

  it("counts only the errors against maxAttempts when 429s came between them", () => {
    const errors = capped.maxAttempts - 1;
    expect(decideRetry(status(503), cappedContext(errors + 6, 6)).retry).to.equal(true);
    expect(decideRetry(status(503), cappedContext(errors + 7, 6)).retry).to.equal(false);
  });

  it("stops when the wait after an error would pass the total time budget", () => {
    const decision = decideRetry(status(503), context(1, { elapsedMs: p.maxTotalMs - 50 }));
    expect(decision).to.deep.include({ retry: false });
  });

  it("leaves time spent throttled out of the error budget", () => {
    const decision = decideRetry(
      status(503),
      context(3, { throttled: 2, elapsedMs: p.maxTotalMs + 20_000, throttledMs: 30_000 }),
    );
    expect(decision.retry).to.equal(true);
  });

  it("retries a 429 for longer than an error, until maxThrottledMs", () => {
    expect(p.maxThrottledMs).to.be.greaterThan(p.maxTotalMs);
    const late = p.maxTotalMs + 10_000;
    expect(
      decideRetry(status(429, "10"), context(4, { throttled: 4, elapsedMs: late })).retry,
    ).to.equal(true);
    const decision = decideRetry(
      status(429, "10"),
      context(40, { throttled: 40, elapsedMs: p.maxThrottledMs - 5000 }),
    );
    expect(decision).to.deep.equal({
      retry: false,
      reason: `gave up after 40 attempts: still throttled (429) after ${p.maxThrottledMs} ms`,
    });
  });

  it("does not retry what is not retryable", () => {
    expect(decideRetry(status(404), context(1))).to.deep.include({
      retry: false,
      reason: "not retryable",
    });
    expect(decideRetry({ kind: "unknown" }, context(1)).retry).to.equal(false);
  });
});

describe("the retry budgets the docs state", () => {
  const root = join(__dirname, "..", "..", "..");
  const flat = (file: string) => readFileSync(join(root, file), "utf8").replace(/\s+/g, " ");

  it("are the default policy's: 429s for 5 minutes, errors at most 5 s apart for a minute", () => {
    expect(p.maxThrottledMs).to.equal(5 * 60_000);
    expect(p.maxTotalMs).to.equal(60_000);
    expect(p.maxDelayMs).to.equal(5_000);
    expect(p.maxAttempts).to.equal(Number.POSITIVE_INFINITY);
    expect(flat("README.md")).to.contain(
      "for up to 5 minutes; 5xx and network errors with backoff (at most 5 s apart) for up to a minute",
    );
    expect(flat("docs/teams.md")).to.contain(
      "is retried for up to 5 minutes from its first attempt; a 5xx or a network error is retried with backoff (at most 5 s apart) for up to a minute",
    );
  });
});
