import { expect } from "chai";
import {
  DEMO_ACCESS_KEY,
  DEMO_CREDENTIALS,
  DEMO_TENANT_ID,
} from "../../provider/simulator/cxone-simulator";
import { type StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const WIDGET = "wc-support-001";

/** The settings of each way to reach a tenant, given the simulator's URL. */
const MODES: Record<string, (url: string) => Array<[string, string, boolean]>> = {
  "OAuth2 client credentials on a base URL": (url) => [
    ["cxone:baseUrl", url, false],
    ["cxone:clientId", DEMO_CREDENTIALS.clientId, false],
    ["cxone:clientSecret", DEMO_CREDENTIALS.clientSecret, true],
  ],
  "an access key on a base URL": (url) => [
    ["cxone:baseUrl", url, false],
    ["cxone:accessKeyId", DEMO_ACCESS_KEY.accessKeyId, false],
    ["cxone:accessKeySecret", DEMO_ACCESS_KEY.accessKeySecret, true],
  ],
  "an access key on a tenant id, by discovery": (url) => [
    ["cxone:tenantId", DEMO_TENANT_ID, false],
    ["cxone:discoveryUrl", url, false],
    ["cxone:authUrl", url, false],
    ["cxone:accessKeyId", DEMO_ACCESS_KEY.accessKeyId, false],
    ["cxone:accessKeySecret", DEMO_ACCESS_KEY.accessKeySecret, true],
  ],
};

/** The token and discovery requests the simulator saw, as `METHOD path`. */
const TOKEN_PATHS = [
  "/oauth/token",
  "/authentication/v1/token/access-key",
  "/.well-known/cxone-configuration",
];

describe("each way to reach a tenant, through the CLI", function () {
  this.timeout(300_000);
  const world = useE2eWorld();

  for (const [mode, settings] of Object.entries(MODES)) {
    it(`deploys, converges and gives the widget back with ${mode}`, async () => {
      const name = mode.replace(/[^a-z]+/gi, "-").toLowerCase();
      const stack: StackCli = await world.stack("quickstart", name);
      stack.copySettingsOf("dev");
      await stack.run(["config", "rm", "cxone:baseUrl"]);
      await stack.run(["config", "rm", "cxone:clientId"]);
      await stack.run(["config", "rm", "cxone:clientSecret"]);
      for (const [key, value, secret] of settings(world.sim.url))
        await stack.set(key, value, secret);
      const before = JSON.stringify(world.sim.widgets.get(WIDGET)?.widget);
      world.sim.clearLog();
      const up = await stack.run(["up", "--yes"]);
      expect(resourceSummary(up.stdout)).to.deep.equal(["+ 3 created"]);
      const seen = world.sim.requests
        .filter((r) => TOKEN_PATHS.includes(r.path))
        .map((r) => `${r.method} ${r.path} ${r.status}`);
      const expected = settings(world.sim.url).some(([key]) => key === "cxone:tenantId")
        ? ["GET /.well-known/cxone-configuration 200"]
        : [];
      expected.push(
        settings(world.sim.url).some(([key]) => key === "cxone:accessKeyId")
          ? "POST /authentication/v1/token/access-key 200"
          : "POST /oauth/token 200",
      );
      // up runs a preview (no request) and then the update: one discovery and one token each.
      expect([...new Set(seen)]).to.deep.equal(expected);
      await stack.run(["preview", "--expect-no-changes"]);
      await stack.run(["refresh", "--yes", "--expect-no-changes"]);
      await stack.run(["destroy", "--yes"]);
      expect(JSON.stringify(world.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
    });
  }
});
