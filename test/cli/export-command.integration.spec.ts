import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { exportFormat } from "../../provider/cli/export-command";
import { policyDigest } from "../../provider/policy/digest";
import { parsePolicy } from "../../provider/policy/validate";
import { DEMO_ACCESS_KEY, DEMO_TENANT_ID } from "../../provider/simulator/cxone-simulator";
import { docsTable } from "../helpers/docs-tables";
import { cli, runBin, SECRET, tenantEnv, useTenant } from "../helpers/command-line";
import { fixtureWidget, mixedTenant, validPolicy } from "../helpers/tenant-fixture";
import { useTempDir } from "../helpers/temp-dir";

const tenant = mixedTenant(4);

describe("pulumi-cxone-webchat export", () => {
  const dir = useTempDir("export-");

  describe("a tenant with a list of widgets", () => {
    const t = useTenant({ widgets: tenant.widgets });
    const env = () => tenantEnv(t.sim.url);

    it("writes every adoptable widget as the many-widgets data file, in id order, with its digest", async () => {
      const result = await cli(["export", "--skip-invalid"], env(), dir.path);
      expect(result.code).to.equal(0);
      const data = parseYaml(result.stdout) as { widgets: Array<Record<string, unknown>> };
      expect(data.widgets.map((w) => w.widgetId)).to.deep.equal(tenant.valid);
      data.widgets.forEach((entry, i) => {
        const policy = parsePolicy(validPolicy(i));
        expect(entry.corsOrigins).to.deep.equal(policy.corsOrigins);
        expect(entry.livePolicyDigest).to.equal(policyDigest(policy));
      });
    });

    it("names the stack that claims a widget and leaves it out", async () => {
      const result = await cli(["export", "--skip-invalid"], env(), dir.path);
      expect(result.stderr).to.include(
        `widget ${tenant.claimed.id}: left out: managed by stack "shop/prod" (resource "policy-wc-claimed") already`,
      );
      expect(result.stdout).not.to.match(/widgetId: wc-claimed/);
      expect(result.stderr).to.include(`widget ${tenant.noPolicy}: left out: has no policy`);
      // Neither needs anything done: without a refused policy, the export succeeds.
      const ids = `${tenant.claimed.id},${tenant.noPolicy},wc-0000`;
      expect((await cli(["export", "--ids", ids], env(), dir.path)).code).to.equal(0);
    });

    it("lists a refused widget with field, value and rule, comments it out, and exits 1", async () => {
      const result = await cli(["export"], env(), dir.path);
      expect(result.code).to.equal(1);
      expect(result.err).to.include(
        `widget ${tenant.invalid}: left out: its live policy breaks today's rules:`,
      );
      expect(result.stderr).to.match(
        / {2}corsOrigins\[0\]: "https:\/\/\*\.example\.com" contains a wildcard/,
      );
      expect(result.stderr).to.include("--skip-invalid");
      // In the file, only as comments: the data the program reads does not hold it.
      const data = parseYaml(result.stdout) as { widgets: Array<{ widgetId: string }> };
      expect(data.widgets.map((w) => w.widgetId)).not.to.include(tenant.invalid);
      expect(result.stdout).to.match(/^# {3}wc-invalid: its live policy breaks today's rules/m);
      expect(result.stdout).to.match(/^# {5}.*\*\.example\.com/m);
    });

    it("writes the same bytes on a second export of an unchanged tenant, in both formats", async () => {
      for (const name of ["widgets.yaml", "program.ts"]) {
        const out = join(dir.path, name);
        expect(
          (await cli(["export", "--skip-invalid", "--out", out], env(), dir.path)).code,
        ).to.equal(0);
        const first = readFileSync(out);
        const again = await cli(
          ["export", "--skip-invalid", "--out", out, "--force"],
          env(),
          dir.path,
        );
        expect(again.code).to.equal(0);
        expect(readFileSync(out).equals(first)).to.equal(true);
      }
      expect(readFileSync(join(dir.path, "program.ts"), "utf8")).to.include(
        'new WebchatSecurityPolicy("policy-wc-0000"',
      );
      // The moves into place left no temporary file behind.
      expect(readdirSync(dir.path).sort()).to.deep.equal(["program.ts", "widgets.yaml"]);
    });

    it("never replaces an existing output without --force, and asks nothing of the tenant", async () => {
      const out = join(dir.path, "widgets.yaml");
      writeFileSync(out, "hand-written\n");
      const result = await cli(["export", "--out", "widgets.yaml"], env(), dir.path);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.include(`--out ${out}: the file exists; it is left as it is`);
      expect(result.stderr).to.include("--force");
      expect(readFileSync(out, "utf8")).to.equal("hand-written\n");
      expect(t.sim.requests).to.have.length(0);
    });

    it("exports the ids given on the command line or in a file, and only those", async () => {
      writeFileSync(
        join(dir.path, "ids.txt"),
        "# the shop's widgets\nwc-0002\n\nwc-0001, wc-0002\n",
      );
      const fromFile = await cli(["export", "--ids-file", "ids.txt"], env(), dir.path);
      const fromArgs = await cli(["export", "--ids", "wc-0002,wc-0001"], env(), dir.path);
      for (const result of [fromFile, fromArgs]) {
        expect(result.code).to.equal(0);
        const data = parseYaml(result.stdout) as { widgets: Array<{ widgetId: string }> };
        expect(data.widgets.map((w) => w.widgetId)).to.deep.equal(["wc-0001", "wc-0002"]);
      }
      // One GET per widget, and no list.
      expect(t.sim.requests.filter((r) => r.path === "/api/v2/webchat/widgets")).to.have.length(0);
    });

    it("names every unknown id and writes nothing", async () => {
      const out = join(dir.path, "widgets.yaml");
      const result = await cli(
        ["export", "--ids", "wc-0001,wc-nope,wc-gone", "--out", out],
        env(),
        dir.path,
      );
      expect(result.code).to.equal(2);
      expect(result.err).to.include(`widget wc-nope: not found on tenant ${t.sim.url}`);
      expect(result.err).to.include(`widget wc-gone: not found on tenant ${t.sim.url}`);
      expect(result.stderr).to.include("2 of 3 widget id(s) unknown");
      expect(existsSync(out)).to.equal(false);
    });

    it("says so, without the secret, when the tenant refuses the credentials", async () => {
      const wrong = "a-wrong-secret-that-is-long";
      const result = await cli(["export"], tenantEnv(t.sim.url, wrong), dir.path);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^export: .*(401|invalid_client|credentials)/);
      expect(result.stderr + result.stdout).not.to.include(wrong);
    });

    it("connects with access keys and a tenant id found by discovery", async () => {
      const result = await cli(
        ["export", "--skip-invalid"],
        {
          CXONE_TENANT_ID: DEMO_TENANT_ID,
          CXONE_DISCOVERY_URL: t.sim.url,
          CXONE_AUTH_URL: t.sim.url,
          CXONE_ACCESS_KEY_ID: DEMO_ACCESS_KEY.accessKeyId,
          CXONE_ACCESS_KEY_SECRET: DEMO_ACCESS_KEY.accessKeySecret,
        },
        dir.path,
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.include(`from tenant ${DEMO_TENANT_ID}`);
      expect(result.stdout + result.stderr).not.to.include(DEMO_ACCESS_KEY.accessKeySecret);
    });

    it("says which settings are missing, and refuses an unknown format", async () => {
      const missing = await cli(["export"], {}, dir.path);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/^export: CXone connection settings are incomplete/);
      const format = await cli(["export", "--format", "json"], env(), dir.path);
      expect(format.code).to.equal(2);
      expect(format.stderr).to.include("--format json: not a format; use yaml or ts");
    });

    it("shows no secret in any output", async () => {
      const out = join(dir.path, "widgets.ts");
      const results = [
        await cli(["export"], env(), dir.path),
        await cli(["export", "--out", out, "--format", "ts"], env(), dir.path),
        await cli(["export", "--ids", "wc-nope"], env(), dir.path),
      ];
      for (const result of results) expect(result.stdout + result.stderr).not.to.include(SECRET);
      expect(readFileSync(out, "utf8")).not.to.include(SECRET);
    });

    it("exits with the code the guide's table gives for each kind of widget left out", async () => {
      const rows = docsTable("docs/bring-a-tenant-under-code.md", "2. Export the tenant");
      const widgetOf = (text: string) =>
        /another stack/.test(text)
          ? tenant.claimed.id
          : /no policy/.test(text)
            ? tenant.noPolicy
            : /refuse/.test(text)
              ? tenant.invalid
              : "";
      expect(rows.map(([kind = ""]) => widgetOf(kind))).to.deep.equal([
        tenant.claimed.id,
        tenant.noPolicy,
        tenant.invalid,
      ]);
      for (const [kind = "", , code = ""] of rows) {
        const result = await cli(["export", "--ids", widgetOf(kind)], env(), dir.path);
        expect(result.code, kind).to.equal(Number(code));
        expect(result.stderr).to.include(`widget ${widgetOf(kind)}: left out`);
      }
    });

    it("runs as the installed bin, with the exit code and output of run()", async () => {
      const result = await runBin(["export", "--ids", "wc-0000,wc-invalid"], env(), dir.path);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.match(/^widgets:\n {2}- widgetId: wc-0000\n/m);
      expect(result.stderr).to.include("wc-invalid: left out");
      expect(result.stdout + result.stderr).not.to.include(SECRET);
    });
  });

  describe("policies today's rules refuse, as the guide lists them", () => {
    const base = {
      corsOrigins: ["https://a.example.com"],
      authentication: { requireToken: false },
    };
    const refused: Array<[string, Record<string, unknown>, string]> = [
      ["wc-wildcard", { ...base, corsOrigins: ["https://*.example.com"] }, "corsOrigins[0]"],
      [
        "wc-script",
        { ...base, rules: [{ id: "x", action: "block", pattern: "<script>" }] },
        "rules[0].pattern",
      ],
      [
        "wc-51-rules",
        {
          ...base,
          rules: Array.from({ length: 51 }, (_, i) => ({
            id: `r${i}`,
            action: "log",
            pattern: "/x",
          })),
        },
        "rules",
      ],
      [
        "wc-expiry",
        { ...base, authentication: { requireToken: true, tokenExpiryMinutes: 9999 } },
        "authentication.tokenExpiryMinutes",
      ],
    ];
    const t = useTenant({ widgets: refused.map(([id, policy]) => fixtureWidget(id, { policy })) });

    it("leaves each out with its field, writes none as data, and exits 1", async () => {
      const result = await cli(["export"], tenantEnv(t.sim.url), dir.path);
      expect(result.code).to.equal(1);
      for (const [id, , field] of refused) {
        const at = result.err.indexOf(
          `widget ${id}: left out: its live policy breaks today's rules:`,
        );
        expect(at, id).to.be.at.least(0);
        expect(result.err[at + 1]).to.match(new RegExp(`^  ${field.replace(/[[\].]/g, "\\$&")}: `));
      }
      expect((parseYaml(result.stdout) as { widgets: unknown[] }).widgets).to.deep.equal([]);
    });
  });

  describe("a tenant that fails now and then", () => {
    const t = useTenant({
      widgets: tenant.widgets,
      faults: { status500: 0.15, status503: 0.1, status429: 0.1 },
      seed: 7,
    });

    it("retries as the provider does, and exports every widget", async () => {
      const result = await cli(["export", "--skip-invalid"], tenantEnv(t.sim.url), dir.path);
      expect(result.code, result.stderr).to.equal(0);
      const failed = t.sim.requests.filter(
        (r) => typeof r.status === "number" && r.status >= 429,
      ).length;
      expect(failed).to.be.greaterThan(0);
      const data = parseYaml(result.stdout) as { widgets: Array<{ widgetId: string }> };
      expect(data.widgets.map((w) => w.widgetId)).to.deep.equal(tenant.valid);
    });
  });

  describe("a tenant without a list of widgets (404)", () => {
    const t = useTenant({ widgets: tenant.widgets, widgetList: "absent" });

    it("says to give ids, and works with them", async () => {
      const none = await cli(["export"], tenantEnv(t.sim.url), dir.path);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.include("the tenant has no list of widgets");
      expect(none.stderr).to.include("--ids <id>,<id> or --ids-file <file>");
      const given = await cli(["export", "--ids", "wc-0000"], tenantEnv(t.sim.url), dir.path);
      expect(given.code).to.equal(0);
      expect(given.stdout).to.include("widgetId: wc-0000");
    });
  });

  for (const [mode, says] of [
    ["endless", "the list of widgets does not end"],
    ["malformed", "the answer is not a page of widgets"],
  ] as const)
    describe(`a tenant whose list is ${mode}`, () => {
      const t = useTenant({ widgets: tenant.widgets, widgetList: mode });

      it("stops with a clear message and writes nothing", async () => {
        const out = join(dir.path, "widgets.yaml");
        const result = await cli(["export", "--out", out], tenantEnv(t.sim.url), dir.path);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.include(says);
        expect(result.stderr).to.match(/give the widget ids/i);
        expect(existsSync(out)).to.equal(false);
      });
    });
});

describe("exportFormat", () => {
  it("takes --format, else the output's extension, else YAML", () => {
    expect(exportFormat("ts", "x.yaml")).to.equal("ts");
    expect(exportFormat(undefined, "program.ts")).to.equal("ts");
    expect(exportFormat(undefined, "widgets.yaml")).to.equal("yaml");
    expect(exportFormat(undefined, undefined)).to.equal("yaml");
    expect(() => exportFormat("json", undefined)).to.throw("--format json: not a format");
  });
});
