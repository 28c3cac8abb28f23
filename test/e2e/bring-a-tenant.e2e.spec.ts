import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import type { StoredWidget } from "../../provider/simulator/widget-store";
import type { StackCli } from "../../scripts/pulumi-project";
import { runBin } from "../helpers/command-line";
import { fixtureWidget } from "../helpers/tenant-fixture";
import { resourceSummary, useE2eWorld } from "./e2e-world";

/** A policy today's rules accept, varied by `i`: origins, token settings, rules, http origins. */
function variedPolicy(i: number): Record<string, unknown> {
  const origins = [
    `https://site-${i}.example.com`,
    ...(i % 3 === 0 ? ["https://b.example.com"] : []),
  ];
  const policy: Record<string, unknown> = {
    // Written as a console might: keys and origins in no particular order.
    authentication:
      i % 4 === 0 ? { requireToken: false } : { tokenExpiryMinutes: 5 + i, requireToken: true },
    corsOrigins: i % 2 === 0 ? origins.reverse() : origins,
  };
  if (i % 5 === 1) policy.rules = [];
  if (i % 5 === 2) policy.rules = [{ id: `block-${i}`, action: "block", pattern: "/admin/*" }];
  if (i % 5 === 3)
    policy.rules = [
      { action: "redirect", pattern: "/old/*", id: "move", redirectUrl: "https://example.com/new" },
      { id: "log-all", action: "log", pattern: "/*" },
    ];
  if (i === 7) {
    policy.corsOrigins = ["http://intranet.example.com"];
    policy.allowInsecureOrigins = true;
  }
  return policy;
}

/** Four policies today's rules refuse, one for each rule the issue names. */
const INVALID: Record<string, unknown> = {
  "wc-bad-wildcard": {
    corsOrigins: ["https://*.example.com"],
    authentication: { requireToken: false },
  },
  "wc-bad-injection": {
    corsOrigins: ["https://x.example.com"],
    authentication: { requireToken: false },
    rules: [{ id: "x", action: "block", pattern: "/q=%3Cscript%3E" }],
  },
  "wc-bad-too-many-rules": {
    corsOrigins: ["https://y.example.com"],
    authentication: { requireToken: false },
    rules: Array.from({ length: 51 }, (_, i) => ({
      id: `r${i}`,
      action: "block",
      pattern: `/p${i}/*`,
    })),
  },
  "wc-bad-expiry": {
    corsOrigins: ["https://z.example.com"],
    authentication: { requireToken: true, tokenExpiryMinutes: 2000 },
  },
};

const ADOPTABLE = Array.from({ length: 40 }, (_, i) => `wc-${String(i).padStart(2, "0")}`);
/** Widgets the stack `shop/prod` manages already: never exported twice. */
const CLAIMED = ["wc-shop-1", "wc-shop-2", "wc-shop-3"];
const NO_POLICY = ["wc-empty-1", "wc-empty-2", "wc-empty-3"];

/** A tenant of 50 widgets, configured by hand. */
const TENANT: StoredWidget[] = [
  ...ADOPTABLE.map((id, i) => fixtureWidget(id, { policy: variedPolicy(i) })),
  ...Object.entries(INVALID).map(([id, policy]) => fixtureWidget(id, { policy })),
  ...CLAIMED.map((id) =>
    fixtureWidget(id, {
      policy: {
        corsOrigins: [`https://${id}.example.com`],
        authentication: { requireToken: true, tokenExpiryMinutes: 15 },
      },
      claim: `shop/prod/policy-${id}`,
    }),
  ),
  ...NO_POLICY.map((id) => fixtureWidget(id)),
];

/** The counts `scan --json` ends with. */
interface ScanJson {
  summary: Record<string, number>;
  widgets: Array<{
    widgetId: string;
    drift: string;
    validation: string[];
    guardrails: Array<{ guardrail: string; level: string }>;
  }>;
  coverage: string;
}

describe("bringing a tenant of 50 widgets under code: export, up, scan, drift, destroy (through the CLI)", function () {
  this.timeout(600_000);
  const world = useE2eWorld({ widgets: TENANT });
  const widgetJson = (id: string) => JSON.stringify(world.sim.widgets.get(id)?.widget);
  let pristine: Record<string, string>;
  let stack: StackCli;
  let dataFile: string;

  /** `pulumi-cxone-webchat <args>` in the stack's project directory, as the user runs it. */
  const command = (...args: string[]) =>
    runBin([...args], { ...stack.project.env }, stack.project.dir);

  before(async () => {
    expect(TENANT).to.have.length(50);
    pristine = Object.fromEntries(TENANT.map((w) => [w.id, widgetJson(w.id)]));
    stack = await world.stack("many-widgets", "tenant");
    dataFile = join(world.dir, "tenant-widgets.yaml");
  });

  it("export refuses to write a refused policy as valid, names it, and exits 1 unless told to skip", async () => {
    const refused = await command("export", "--stack", "tenant", "--out", dataFile);
    expect(refused.code, refused.stderr).to.equal(1);
    for (const id of Object.keys(INVALID)) expect(refused.stderr, id).to.include(id);
    expect(refused.stderr).to.include("https://*.example.com");
    expect(refused.stderr).to.include("tokenExpiryMinutes");
    for (const id of CLAIMED) expect(refused.stderr, id).to.include("shop/prod");
    expect(refused.stderr).to.include("--skip-invalid");
    expect(`${refused.stdout}${refused.stderr}`).to.not.include("secret");
  });

  it("export --skip-invalid writes the 40 adoptable widgets; again, the same bytes; never over a file without --force", async () => {
    // A file of the user's at that path is never replaced without --force.
    writeFileSync(dataFile, "# mine\n");
    const kept = await command("export", "--stack", "tenant", "--skip-invalid", "--out", dataFile);
    expect(kept.code).to.equal(2);
    expect(kept.stderr).to.include(dataFile);
    expect(kept.stderr).to.include("--force");
    expect(readFileSync(dataFile, "utf8")).to.equal("# mine\n");
    const first = await command(
      "export",
      "--stack",
      "tenant",
      "--skip-invalid",
      "--force",
      "--out",
      dataFile,
    );
    expect(first.code, first.stderr).to.equal(0);
    const written = readFileSync(dataFile, "utf8");
    const data = parseYaml(written) as { widgets: Array<{ widgetId: string }> };
    expect(data.widgets.map((w) => w.widgetId)).to.deep.equal(ADOPTABLE);
    for (const id of Object.keys(INVALID)) expect(written, id).to.include(`#   ${id}:`);

    const again = await command(
      "export",
      "--stack",
      "tenant",
      "--skip-invalid",
      "--force",
      "--out",
      dataFile,
    );
    expect(again.code, again.stderr).to.equal(0);
    expect(readFileSync(dataFile, "utf8")).to.equal(written);
    await stack.set("dataFile", dataFile);
  });

  it("the first up adopts every exported widget and changes no policy; preview and refresh then show no changes", async () => {
    const preview = await stack.run(["preview"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal([`+ ${ADOPTABLE.length + 1} to create`]);
    // Each line shows as the step runs and again among the diagnostics: one widget each.
    const adopts = preview.output.match(/: adopts widget wc-\d\d; policy unchanged/g) ?? [];
    expect(new Set(adopts).size).to.equal(ADOPTABLE.length);
    expect(preview.output).to.not.include("replaces the live one");

    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal([`+ ${ADOPTABLE.length + 1} created`]);
    const digests = (await stack.outputs()).digests as Record<string, string>;
    const exported = parseYaml(readFileSync(dataFile, "utf8")) as {
      widgets: Array<{ widgetId: string; livePolicyDigest: string }>;
    };
    for (const w of exported.widgets)
      expect(digests[w.widgetId], w.widgetId).to.equal(w.livePolicyDigest);

    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    // Nothing was written to the widgets left out.
    for (const id of [...Object.keys(INVALID), ...CLAIMED, ...NO_POLICY])
      expect(widgetJson(id), id).to.equal(pristine[id]);
  });

  async function scan(): Promise<{ code: number | null; json: ScanJson; table: string }> {
    const json = await command("scan", "--stack", "tenant", "--json");
    const table = await command("scan", "--stack", "tenant");
    expect(table.code).to.equal(json.code);
    return { code: json.code, json: JSON.parse(json.stdout) as ScanJson, table: table.stdout };
  }

  it("scan counts the tenant exactly: 43 under code, 40 in sync, 5 in violation, 3 without a policy", async () => {
    const { code, json, table } = await scan();
    expect(json.summary).to.deep.equal({
      widgets: 50,
      underCode: 43,
      inSync: 40,
      drifted: 0,
      // shop/prod's state was not given: its widgets cannot be compared.
      unknown: 3,
      unmanaged: 7,
      // The four refused policies, and wc-07's http origin, against the secure-origins guardrail.
      inViolation: 5,
      withoutPolicy: 3,
    });
    expect(table).to.include(
      "coverage: 43 of 50 widgets under code (86%), 40 in sync, 0 drifted, 3 not compared; 5 in violation; 3 without a policy",
    );
    // The refused policies fail the default gate (drift, violation).
    expect(code).to.equal(1);
    const invalid = json.widgets.filter((w) => w.validation.length > 0).map((w) => w.widgetId);
    expect(invalid.sort()).to.deep.equal(Object.keys(INVALID).sort());
    const guarded = json.widgets.filter((w) => w.guardrails.some((g) => g.level === "mandatory"));
    expect(guarded.map((w) => [w.widgetId, w.guardrails.map((g) => g.guardrail)])).to.deep.equal([
      ["wc-07", ["webchat-secure-origins"]],
      ["wc-bad-wildcard", ["webchat-secure-origins"]],
    ]);
    const gated = await command("scan", "--stack", "tenant", "--fail-on", "drift");
    expect(gated.code, gated.stderr).to.equal(0);
  });

  it("a change in the console shows as drift of that widget alone", async () => {
    world.sim.editWidget("wc-05", (widget) => {
      const settings = widget.settings as Record<string, Record<string, unknown>>;
      (settings.securityPolicies as Record<string, unknown>).corsOrigins = [
        "https://console-edit.example.com",
      ];
    });
    const { code, json, table } = await scan();
    expect(json.summary.drifted).to.equal(1);
    expect(json.summary.inSync).to.equal(39);
    expect(json.widgets.filter((w) => w.drift === "drifted").map((w) => w.widgetId)).to.deep.equal([
      "wc-05",
    ]);
    expect(table).to.match(/^wc-05: drifted: live [0-9a-f]{64}, recorded [0-9a-f]{64}/m);
    const gated = await command("scan", "--stack", "tenant", "--fail-on", "drift");
    expect(gated.code).to.equal(1);
    expect(code).to.equal(1);
  });

  it("destroy gives every one of the 50 widgets back as it was, byte for byte", async () => {
    await stack.run(["destroy", "--yes"]);
    for (const w of TENANT) expect(widgetJson(w.id), w.id).to.equal(pristine[w.id]);
  });
});
