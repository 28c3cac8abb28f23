import { expect } from "chai";
import { isCxoneAuthError } from "../../provider/errors/cxone-auth-error";
import { pipelineContext } from "../../provider/http/send-with-retry";
import { clearTokenCache, renewalMargin, TokenSource } from "../../provider/cxone/oauth";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { FakeClock } from "../helpers/fake-clock";
import { rejection } from "../helpers/rejection";

describe("TokenSource", () => {
  let sim: CxoneSimulator;
  let clock: FakeClock;
  beforeEach(async () => {
    clearTokenCache();
    clock = new FakeClock();
    sim = await new CxoneSimulator({ tokenTtlSeconds: 600, now: () => clock.now() }).start();
  });
  afterEach(async () => {
    await sim.stop();
  });
  const source = (secret: string = DEMO_CREDENTIALS.clientSecret) =>
    new TokenSource(
      { baseUrl: sim.url, clientId: DEMO_CREDENTIALS.clientId, clientSecret: secret },
      pipelineContext({ clock, timeoutMs: 2_000 }),
    );
  const tokenRequests = () => sim.requests.filter((r) => r.path === "/oauth/token").length;

  it("renews a tenth of the lifetime before expiry, at most a minute early", () => {
    expect(renewalMargin(3_000)).to.equal(300);
    expect(renewalMargin(3_600_000)).to.equal(60_000);
  });

  it("caches a token for the process, and concurrent callers share one request", async () => {
    const [a, b] = await Promise.all([source().token(), source().token()]);
    expect(a).to.equal(b);
    expect(await source().token()).to.equal(a);
    expect(tokenRequests()).to.equal(1);
  });

  it("asks for a new token once the renewal margin is reached, not before", async () => {
    const first = await source().token();
    clock.time += 600_000 - 60_001;
    expect(await source().token()).to.equal(first);
    clock.time += 2;
    expect(await source().token()).to.not.equal(first);
    expect(tokenRequests()).to.equal(2);
  });

  it("forgets a token the API refused, unless a newer one replaced it already", async () => {
    const s = source();
    const first = await s.token();
    s.invalidate("some-older-token");
    expect(await s.token()).to.equal(first);
    s.invalidate(first);
    expect(await s.token()).to.not.equal(first);
  });

  it("serves a rotated secret no token issued for the old one", async () => {
    await source().token();
    await rejection(source("a-rotated-secret").token());
    expect(tokenRequests()).to.equal(2);
  });

  it("fails on refused credentials with an auth error that holds no secret", async () => {
    const error = await rejection(source("wrong-secret-value").token());
    expect(isCxoneAuthError(error)).to.equal(true);
    expect(error.message).to.match(/^POST \/oauth\/token failed with 401 Unauthorized: /);
    expect(error.message).to.not.contain("wrong-secret-value");
  });
});
