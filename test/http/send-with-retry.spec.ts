import { expect } from "chai";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import type { ResponseFeedback } from "../../provider/pacing/pacing";
import { DEFAULT_RETRY_POLICY } from "../../provider/http/retry";
import { pipelineContext, sendWithRetry } from "../../provider/http/send-with-retry";
import { FakeClock } from "../helpers/fake-clock";
import { rejection } from "../helpers/rejection";
import { answer, reset, scriptedServer, type ScriptedServer } from "../helpers/http-server";

describe("sendWithRetry", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  const send = (clock: FakeClock, headers: () => Record<string, string> = () => ({})) =>
    sendWithRetry(pipelineContext({ clock, timeoutMs: 2_000 }), {
      method: "GET",
      url: `${server?.url ?? ""}/w?token=secret`,
      path: "/w",
      headers,
    });

  it("retries 503 with backoff and returns the answer, with its attempts and request id", async () => {
    server = await scriptedServer(
      answer(503),
      answer(503),
      answer(200, { ok: true }, { "x-request-id": "req-9" }),
    );
    const clock = new FakeClock();
    const result = await send(clock);
    expect(result).to.deep.include({ status: 200, attempts: 3, requestId: "req-9" });
    expect(clock.sleeps).to.have.length(2);
    expect(clock.sleeps[1]).to.be.greaterThan(clock.sleeps[0] ?? 0);
  });

  it("waits as Retry-After says on a 429", async () => {
    server = await scriptedServer(answer(429, {}, { "retry-after": "3" }), answer(200));
    const clock = new FakeClock();
    await send(clock);
    expect(clock.sleeps).to.deep.equal([3_000]);
  });

  it("returns a 4xx at once: it is an answer, not a glitch", async () => {
    server = await scriptedServer(answer(404, { message: "no" }));
    const result = await send(new FakeClock());
    expect(result).to.deep.include({ status: 404, attempts: 1 });
  });

  it("computes the headers afresh for each attempt", async () => {
    server = await scriptedServer(answer(503), answer(200));
    let n = 0;
    await send(new FakeClock(), () => ({ "x-attempt": String(++n) }));
    expect(server.requests.map((r) => r.headers["x-attempt"])).to.deep.equal(["1", "2"]);
  });

  it("throws a network error naming the path and target, not the query, when no answer comes", async () => {
    server = await scriptedServer(reset);
    const error = await rejection(send(new FakeClock()));
    expect(isCxoneWebchatError(error, "network")).to.equal(true);
    expect(error.message).to.match(/^GET \/w failed after \d+ attempts: connection failed/);
    expect(error.message).to.not.contain("secret");
    if (!isCxoneWebchatError(error, "network")) return;
    expect(error.target, "what it tried to reach, without the query").to.equal(`${server.url}/w`);
  });

  /** A pacing that records what it is told, and makes each acquire wait `waitMs` on the clock. */
  const recording = (clock: FakeClock, waitMs = 0) => {
    const seen: Array<{ status: number; ratelimit: string | null }> = [];
    return {
      seen,
      acquire: async () => {
        clock.time += waitMs;
      },
      observe: (r: ResponseFeedback) =>
        seen.push({ status: r.status, ratelimit: r.headers.get("ratelimit") }),
    };
  };
  const sendWith = (clock: FakeClock, bucket: ReturnType<typeof recording>) =>
    sendWithRetry(pipelineContext({ clock, timeoutMs: 2_000 }, bucket), {
      method: "GET",
      url: `${server?.url ?? ""}/w`,
      path: "/w",
      headers: () => ({}),
    });

  it("tells the pacing every answer, 429s and their rate-limit headers included", async () => {
    server = await scriptedServer(
      answer(429, {}, { "retry-after": "1", ratelimit: `"t";r=0;t=1` }),
      answer(200, {}, { ratelimit: `"t";r=4;t=1` }),
    );
    const clock = new FakeClock();
    const bucket = recording(clock);
    await sendWith(clock, bucket);
    expect(bucket.seen).to.deep.equal([
      { status: 429, ratelimit: `"t";r=0;t=1` },
      { status: 200, ratelimit: `"t";r=4;t=1` },
    ]);
  });

  it("keeps retrying 429s past maxAttempts until the tenant has room", async () => {
    const throttled = Array.from({ length: 8 }, () => answer(429, {}, { "retry-after": "2" }));
    server = await scriptedServer(...throttled, answer(200));
    const clock = new FakeClock();
    const result = await sendWith(clock, recording(clock));
    expect(result).to.deep.include({ status: 200, attempts: 9 });
    expect(clock.sleeps).to.deep.equal(Array.from({ length: 8 }, () => 2_000));
  });

  it("rides out a tenant that resets every connection for 30 s, and returns the answer after it", async () => {
    const clock = new FakeClock();
    const end = clock.now() + 30_000;
    server = await scriptedServer((req, res) =>
      (clock.now() < end ? reset : answer(200))(req, res),
    );
    const result = await send(clock);
    expect(result.status).to.equal(200);
    expect(result.attempts).to.be.greaterThan(5);
    expect(clock.now()).to.be.within(end, end + DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it("retries network errors for a minute from the first attempt, and then gives up", async () => {
    server = await scriptedServer(reset);
    const clock = new FakeClock();
    const started = clock.now();
    const error = await rejection(send(clock));
    expect(isCxoneWebchatError(error, "network")).to.equal(true);
    expect(error.message).to.match(/failed after \d+ attempts: connection failed/);
    const waited = clock.now() - started;
    expect(waited).to.be.at.most(DEFAULT_RETRY_POLICY.maxTotalMs);
    expect(waited).to.be.greaterThan(
      DEFAULT_RETRY_POLICY.maxTotalMs - DEFAULT_RETRY_POLICY.maxDelayMs,
    );
  });

  it("counts its time budget from the first send, not from the wait in the queue before it", async () => {
    server = await scriptedServer(answer(503), answer(200));
    const clock = new FakeClock();
    const result = await sendWith(clock, recording(clock, 70_000));
    expect(result).to.deep.include({ status: 200, attempts: 2 });
  });
});
