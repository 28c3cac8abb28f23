import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { stringify as toYaml } from "yaml";
import { MANAGED_BY_FIELD } from "../../provider/cxone/widget";
import { policyDigest } from "../../provider/policy/digest";
import { validatePolicy } from "../../provider/policy/validate";
import type { StoredWidget } from "../../provider/simulator/widget-store";
import type { StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";

/**
 * Widgets that hold live policies, each written the way a console might leave it (origins out of
 * order, keys in no particular order), which is not the normal form the program declares.
 */
const LIVE: StoredWidget[] = [
  {
    id: "wc-live-plain",
    name: "Plain",
    settings: {
      greeting: "hi",
      securityPolicies: {
        authentication: { tokenExpiryMinutes: 45, requireToken: true },
        corsOrigins: ["https://www.example.com", "https://help.example.com"],
      },
      theme: { primaryColor: "#0b5fff" },
    },
  },
  {
    id: "wc-live-insecure",
    name: "Intranet",
    settings: {
      securityPolicies: {
        corsOrigins: ["http://intranet.example.com", "https://intranet.example.com"],
        authentication: { requireToken: false },
        rules: [],
        allowInsecureOrigins: true,
      },
    },
  },
  {
    id: "wc-live-rules",
    name: "With rules",
    settings: {
      languages: ["en", "de"],
      securityPolicies: {
        corsOrigins: ["https://shop.example.com"],
        authentication: { requireToken: false },
        rules: [
          { id: "block-admin", action: "block", pattern: "/admin/*" },
          {
            pattern: "/old/*",
            action: "redirect",
            id: "move-old",
            redirectUrl: "https://shop.example.com/new",
          },
          { id: "log-all", action: "log", pattern: "/*" },
        ],
      },
    },
  },
];

describe("adopting exported widgets with livePolicyDigest, through the CLI", function () {
  this.timeout(300_000);
  const world = useE2eWorld({ widgets: LIVE });
  const ids = LIVE.map((w) => w.id);
  const widgetJson = (id: string) => JSON.stringify(world.sim.widgets.get(id)?.widget);
  const settingsOf = (id: string) =>
    (world.sim.widgets.get(id)?.widget.settings ?? {}) as Record<string, unknown>;

  /** The live policy's digest, as `export` computes it: of the normalized policy. */
  function liveDigest(id: string): string {
    const result = validatePolicy(settingsOf(id).securityPolicies);
    if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.violations)}`);
    return policyDigest(result.policy);
  }

  /**
   * The data file `export` writes for the widgets as they are now (see `widgetEntry`): each live
   * policy in normal form, `rules` only when there are some, `allowInsecureOrigins` only when
   * true, and the live digest.
   */
  function exportWidgets(file: string, widgetIds: readonly string[]): void {
    const widgets = widgetIds.map((id) => {
      const result = validatePolicy(settingsOf(id).securityPolicies);
      if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.violations)}`);
      const { policy } = result;
      return {
        widgetId: id,
        corsOrigins: policy.corsOrigins,
        authentication: policy.authentication,
        ...(policy.rules.length > 0 ? { rules: policy.rules } : {}),
        ...(policy.allowInsecureOrigins ? { allowInsecureOrigins: true } : {}),
        livePolicyDigest: policyDigest(policy),
      };
    });
    writeFileSync(file, toYaml({ widgets }, { lineWidth: 0, aliasDuplicateObjects: false }));
  }

  async function exportedStack(name: string): Promise<StackCli> {
    const stack = await world.stack("many-widgets", name);
    const file = join(world.dir, `${name}-widgets.yaml`);
    exportWidgets(file, ids);
    await stack.set("dataFile", file);
    return stack;
  }

  const adoptLine = (id: string) =>
    `policy-${id}: adopts widget ${id}; policy unchanged (digest ${liveDigest(id).slice(0, 12)})`;

  it("the first up adopts every widget and changes no policy; destroy gives each back byte for byte", async () => {
    const pristine = Object.fromEntries(ids.map((id) => [id, widgetJson(id)]));
    const digests = Object.fromEntries(ids.map((id) => [id, liveDigest(id)]));
    const stack = await exportedStack("adopt");

    const preview = await stack.run(["preview"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal([`+ ${ids.length + 1} to create`]);
    const lines = preview.output.split("\n").map((l) => l.trim());
    for (const id of ids) expect(lines, id).to.include(adoptLine(id));
    expect(preview.output).to.not.contain("replaces the live one");

    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal([`+ ${ids.length + 1} created`]);
    const outputs = (await stack.outputs()).digests as Record<string, string>;
    expect(outputs).to.deep.equal(digests);
    for (const id of ids) {
      expect(liveDigest(id), id).to.equal(digests[id]);
      expect(settingsOf(id)[MANAGED_BY_FIELD], id).to.equal(
        `cxone-webchat-many-widgets/adopt/policy-${id}`,
      );
    }

    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    // A new livePolicyDigest is read by no hook but create: it changes nothing that exists.
    const file = join(world.dir, "adopt-widgets.yaml");
    const text = readFileSync(file, "utf8");
    const reexported = text.replace(String(digests["wc-live-plain"]), "f".repeat(64));
    expect(reexported).to.not.equal(text);
    writeFileSync(file, reexported);
    const after = await stack.run(["preview", "--expect-no-changes"]);
    expect(after.output).to.not.contain("adopts widget");
    await stack.run(["destroy", "--yes"]);
    for (const id of ids) expect(widgetJson(id), id).to.equal(pristine[id]);
  });

  it("refuses to adopt a widget edited in the console since the export, naming both digests, and leaves it untouched", async () => {
    const edited = "wc-live-rules";
    const pristine = Object.fromEntries(ids.map((id) => [id, widgetJson(id)]));
    const stack = await exportedStack("stale");
    const exported = liveDigest(edited);
    world.sim.editWidget(edited, (w) => {
      const policy = (w.settings as { securityPolicies: { rules: unknown[] } }).securityPolicies;
      policy.rules = policy.rules.slice(1);
    });
    const afterEdit = widgetJson(edited);
    const now = liveDigest(edited);
    expect(now).to.not.equal(exported);

    const up = await stack.run(["up", "--yes"], { allowFailure: true });
    expect(up.code).to.not.equal(0);
    expect(up.output).to.contain(
      `widget ${edited} changed since its livePolicyDigest was taken: livePolicyDigest is ${exported}, ` +
        `the live policy's digest is ${now}; nothing was written.`,
    );
    expect(up.output).to.contain("remove livePolicyDigest from this resource");
    expect(up.output).to.not.match(/^\s+at \S/m);
    expect(widgetJson(edited)).to.equal(afterEdit);
    expect(settingsOf(edited)).to.not.have.property(MANAGED_BY_FIELD);

    // The way on the message names first: export again, then up adopts the edited widget as it is.
    exportWidgets(join(world.dir, "stale-widgets.yaml"), ids);
    const again = await stack.run(["up", "--yes"]);
    expect(again.output).to.contain(adoptLine(edited));
    expect(((await stack.outputs()).digests as Record<string, string>)[edited]).to.equal(now);
    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["destroy", "--yes"]);
    for (const id of ids.filter((i) => i !== edited))
      expect(widgetJson(id), id).to.equal(pristine[id]);
    expect(widgetJson(edited)).to.equal(afterEdit);
  });
});
