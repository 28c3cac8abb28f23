import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { offlineEnv, pulumiCli } from "../../scripts/pulumi-project";
import { cli, SECRET, useTenant } from "../helpers/command-line";
import { mixedTenant } from "../helpers/tenant-fixture";
import { useTempDir } from "../helpers/temp-dir";

const tenant = mixedTenant(3);

describe("export and scan with --stack: the stack's cxone:* config, through pulumi config", function () {
  this.timeout(120_000);
  const dir = useTempDir("stack-tenant-");
  const t = useTenant({ widgets: tenant.widgets });

  /** A project with the stack `prod`, its config pointing at the simulator; its environment. */
  const project = (): NodeJS.ProcessEnv => {
    const env = offlineEnv(pulumiCli(), join(dir.path, "pulumi"));
    writeFileSync(join(dir.path, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    const pulumi = (...args: string[]) => {
      const result = spawnSync("pulumi", args, { cwd: dir.path, env, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")}: ${result.stderr}`);
    };
    pulumi("stack", "init", "prod");
    pulumi("config", "set", "cxone:baseUrl", t.sim.url);
    pulumi("config", "set", "cxone:clientId", "export-test-client");
    pulumi("config", "set", "--secret", "cxone:clientSecret", SECRET);
    pulumi("config", "set", "cxone:requestsPerSecond", "200");
    return env;
  };

  it("reads the tenant, its credentials and its rate from the stack, showing no secret", async () => {
    const env = project();
    const exported = await cli(["export", "--stack", "prod", "--skip-invalid"], env, dir.path);
    expect(exported.code, exported.stderr).to.equal(0);
    const data = parseYaml(exported.stdout) as { widgets: Array<{ widgetId: string }> };
    // The widget shop/prod claims is this stack's own: exported again, not left out.
    expect(data.widgets.map((w) => w.widgetId)).to.deep.equal([...tenant.valid, tenant.claimed.id]);
    const scanned = await cli(["scan", "--stack", "prod", "--fail-on", "none"], env, dir.path);
    expect(scanned.code, scanned.stderr).to.equal(0);
    // An unmanaged widget is checked as if on the stack given: prod, where tokens are required.
    expect(scanned.stdout).to.include("coverage: 1 of 6 widgets under code");
    expect(scanned.stdout).to.match(
      /^wc-invalid: webchat-production-token-auth \[mandatory\]: policy-wc-invalid: authentication\.requireToken is false/m,
    );
    for (const result of [exported, scanned])
      expect(result.stdout + result.stderr).not.to.include(SECRET);
  });

  it("says what pulumi said when the stack cannot be read", async () => {
    const env = project();
    const result = await cli(["export", "--stack", "staging"], env, dir.path);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(
      /^export: pulumi config --stack staging failed with exit code \d+: .*staging/,
    );
    expect(t.sim.requests).to.have.length(0);
  });
});
