import { CxoneClient, type CxoneClientOptions } from "../../provider/cxone/client";
import { TenantServices } from "../../provider/cxone/tenant-services";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import {
  CxoneSimulator,
  DEMO_CREDENTIALS,
  type SimulatorOptions,
} from "../../provider/simulator/cxone-simulator";
import { FakeClock } from "./fake-clock";

/**
 * The options that connect a client to the simulator at `url` with OAuth2 client credentials,
 * the demo client's unless others are given.
 */
export function demoConnection(
  url: string,
  credentials: { clientId: string; clientSecret: string } = DEMO_CREDENTIALS,
): Pick<CxoneClientOptions, "tenant" | "credentials"> {
  return {
    tenant: { baseUrl: url },
    credentials: { kind: "client-credentials", values: { ...credentials } },
  };
}

/**
 * Starts a simulator before each test of the calling suite and stops it after, and builds
 * clients for it with a fake clock (retry sleeps return at once and are recorded) and a bucket
 * of their own (no state shared with other tests through the process-wide tenant buckets).
 */
export function useSimulator(options: SimulatorOptions = {}) {
  const state = {} as { sim: CxoneSimulator; clock: FakeClock; services: TenantServices };
  beforeEach(async () => {
    state.clock = new FakeClock();
    // What one process shares: every client of the test draws on it.
    state.services = new TenantServices(state.clock);
    state.sim = await new CxoneSimulator(options).start();
  });
  afterEach(async () => {
    await state.sim.stop();
  });
  return {
    get sim() {
      return state.sim;
    },
    get clock() {
      return state.clock;
    },
    /** What the test's clients share, as one process's do. */
    get services() {
      return state.services;
    },
    client(overrides: Partial<CxoneClientOptions> = {}): CxoneClient {
      return new CxoneClient({
        ...demoConnection(state.sim.url),
        clock: state.clock,
        services: state.services,
        timeoutMs: 2_000,
        pacing: new TokenBucket({ requestsPerSecond: 1_000, burst: 1_000 }, state.clock),
        ...overrides,
      });
    },
    routes(): string[] {
      return state.sim.requests.map(
        (r) => `${r.method} ${r.path.replace(/\/api\/v2\/webchat\/widgets\//, "W/")} ${r.status}`,
      );
    },
  };
}
