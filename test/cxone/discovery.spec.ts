import { expect } from "chai";
import {
  authBaseUrlForArea,
  DiscoveryCache,
  readDiscoveryDocument,
} from "../../provider/cxone/discovery";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { pipelineContext } from "../../provider/http/send-with-retry";
import {
  CxoneSimulator,
  DEMO_ACCESS_KEY,
  DEMO_TENANT_ID,
  SIMULATOR_AREA,
} from "../../provider/simulator/cxone-simulator";
import { CxoneClient } from "../../provider/cxone/client";
import { FakeClock } from "../helpers/fake-clock";
import { rejection } from "../helpers/rejection";

describe("API discovery", () => {
  it("reads the API endpoint and the area of a discovery document, and nothing else", () => {
    expect(
      readDiscoveryDocument({
        api_endpoint: "https://api-na1.niceincontact.com/",
        area: "na1",
        x: 1,
      }),
    ).to.deep.equal({ apiBaseUrl: "https://api-na1.niceincontact.com", area: "na1" });
    expect(readDiscoveryDocument({ area: "na1" })).to.match(/not a discovery document/);
    expect(readDiscoveryDocument({ api_endpoint: "http://api.example.com", area: "na1" })).to.match(
      /api_endpoint "http:\/\/api.example.com" must use https/,
    );
    expect(
      readDiscoveryDocument({ api_endpoint: "https://a.example", area: "na1.evil/x" }),
    ).to.match(/not a discovery document/);
  });

  it("refuses an api_endpoint with a query, a fragment or user info, showing no password", () => {
    for (const [endpoint, rule] of [
      ["https://api.example.com/?x=1", /must not have a query/],
      ["https://api.example.com/#f", /must not have a fragment/],
      ["https://u:S3cret@api.example.com", /must not carry user info/],
    ] as const) {
      const problem = readDiscoveryDocument({ api_endpoint: endpoint, area: "na1" });
      expect(problem, endpoint).to.be.a("string").that.matches(rule);
      expect(problem).to.not.contain("S3cret");
    }
  });

  it("names the area's auth host as NICE documents it", () => {
    expect(authBaseUrlForArea("na1")).to.equal("https://na1.nice-incontact.com");
  });

  describe("against the simulator", () => {
    let sim: CxoneSimulator;
    const ctx = () => pipelineContext({ clock: new FakeClock(), timeoutMs: 2_000 });
    let cache: DiscoveryCache;
    const discoverTenant = (tenantId: string, url: string, c: ReturnType<typeof ctx>) =>
      cache.discover(tenantId, url, c);
    beforeEach(async () => {
      cache = new DiscoveryCache();
      sim = await new CxoneSimulator().start();
    });
    afterEach(async () => {
      await sim.stop();
    });
    const discoveries = () => sim.requests.filter((r) => r.path.startsWith("/.well-known/")).length;

    it("asks once per cache (one per process) for a tenant, however many callers", async () => {
      const found = await Promise.all([
        discoverTenant(DEMO_TENANT_ID, sim.url, ctx()),
        discoverTenant(DEMO_TENANT_ID, sim.url, ctx()),
      ]);
      expect(found[0]).to.deep.equal({ apiBaseUrl: sim.url, area: SIMULATOR_AREA });
      await discoverTenant(DEMO_TENANT_ID, sim.url, ctx());
      expect(discoveries()).to.equal(1);
    });

    it("fails clearly for an unknown tenant, naming it, the URL and the way around", async () => {
      const error = await rejection(discoverTenant("no-such-tenant", sim.url, ctx()));
      expect(isCxoneWebchatError(error, "discovery")).to.equal(true);
      expect(error.message).to.equal(
        `API discovery for tenant no-such-tenant at ${sim.url}/.well-known/cxone-configuration failed: it answered 404 Not Found. ` +
          "Check cxone:tenantId, or set cxone:baseUrl to the tenant's API base URL to skip discovery",
      );
      // A failure is not remembered: the next hook asks again.
      await rejection(discoverTenant("no-such-tenant", sim.url, ctx()));
      expect(discoveries()).to.equal(2);
    });

    it("lets a client find the API by tenant id and sign in with an access key", async () => {
      const client = new CxoneClient({
        tenant: { tenantId: DEMO_TENANT_ID, discoveryUrl: sim.url, authUrl: sim.url },
        credentials: { kind: "access-key", values: { ...DEMO_ACCESS_KEY } },
        clock: new FakeClock(),
        timeoutMs: 2_000,
      });
      expect((await client.getWidget("wc-support-001")).widget.raw.id).to.equal("wc-support-001");
      expect(await client.apiBaseUrl()).to.equal(sim.url);
      expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).to.deep.equal([
        "GET /.well-known/cxone-configuration 200",
        "POST /authentication/v1/token/access-key 200",
        "GET /api/v2/webchat/widgets/wc-support-001 200",
      ]);
    });
  });
});
