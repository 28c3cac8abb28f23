import { expect } from "chai";
import { isCxoneWebchatError } from "../../../provider/errors/base-error";
import { pipelineContext } from "../../../provider/http/send-with-retry";
import { CREDENTIAL_KINDS, tokenSourceFor } from "../../../provider/cxone/auth/credential-kinds";
import {
  renewalMargin,
  TokenCache,
  type TokenSource,
} from "../../../provider/cxone/auth/token-source";
import {
  CxoneSimulator,
  DEMO_ACCESS_KEY,
  DEMO_CREDENTIALS,
} from "../../../provider/simulator/cxone-simulator";
import { FakeClock } from "../../helpers/fake-clock";
import { rejection } from "../../helpers/rejection";

/** Both kinds of credentials behave the same behind the token-source seam. */
const KINDS = {
  "client-credentials": {
    path: "/oauth/token",
    good: { kind: "client-credentials", values: { ...DEMO_CREDENTIALS } },
    withSecret: (secret: string) => ({
      kind: "client-credentials" as const,
      values: { ...DEMO_CREDENTIALS, clientSecret: secret },
    }),
  },
  "access-key": {
    path: "/authentication/v1/token/access-key",
    good: { kind: "access-key", values: { ...DEMO_ACCESS_KEY } },
    withSecret: (secret: string) => ({
      kind: "access-key" as const,
      values: { ...DEMO_ACCESS_KEY, accessKeySecret: secret },
    }),
  },
} as const;

describe("token sources", () => {
  it("renews a tenth of the lifetime before expiry, at most a minute early", () => {
    expect(renewalMargin(3_000)).to.equal(300);
    expect(renewalMargin(3_600_000)).to.equal(60_000);
  });

  it("has a kind of credentials for each entry of the registry", () => {
    expect(Object.keys(CREDENTIAL_KINDS).sort()).to.deep.equal(Object.keys(KINDS).sort());
  });

  for (const [name, kind] of Object.entries(KINDS)) {
    describe(name, () => {
      let sim: CxoneSimulator;
      let clock: FakeClock;
      let tokens: TokenCache;
      beforeEach(async () => {
        tokens = new TokenCache();
        clock = new FakeClock();
        sim = await new CxoneSimulator({ tokenTtlSeconds: 600, now: () => clock.now() }).start();
      });
      afterEach(async () => {
        await sim.stop();
      });
      const source = (secret?: string): TokenSource =>
        tokenSourceFor(
          secret === undefined ? kind.good : kind.withSecret(secret),
          { apiBaseUrl: sim.url, authBaseUrl: sim.url },
          pipelineContext({ clock, timeoutMs: 2_000 }),
          tokens,
        );
      const tokenRequests = () => sim.requests.filter((r) => r.path === kind.path).length;

      it("keeps a token in the process's cache, and concurrent callers share one request", async () => {
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
        expect(isCxoneWebchatError(error, "cxone-auth")).to.equal(true);
        expect(error.message).to.match(
          new RegExp(`^POST ${kind.path} failed with 401 Unauthorized: `),
        );
        expect(error.message).to.not.contain("wrong-secret-value");
      });
    });
  }
});
