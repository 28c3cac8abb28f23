import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { defaultWidgets, type StoredWidget } from "../../provider/simulator/widget-store";
import { type StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";
import { auditLines } from "../helpers/audit-lines";

/** Widgets whose documents a careless read-modify-write would not give back byte for byte. */
const ODD_WIDGETS: StoredWidget[] = [
  { id: "wc-no-settings", name: "No settings at all" },
  { id: "wc-empty-settings", settings: {}, name: "Empty settings, then a name" },
  {
    id: "wc-null-policy",
    name: "Null policy",
    settings: { securityPolicies: null, greeting: "hi" },
  },
  {
    id: "wc-reordered",
    settings: {
      zeta: 1,
      securityPolicies: {
        rules: [],
        authentication: { requireToken: false },
        corsOrigins: ["https://old.example.com"],
      },
      alpha: { nested: null, list: [3, 1, 2] },
    },
    name: "Keys in no particular order",
  },
];

/**
 * A widget whose `settings` is JSON null. The simulated tenant, like one that validates its
 * body, refuses a PUT of `settings: null`: destroy gives it back with no settings, the nearest
 * the tenant takes, and says so in the audit line, which keeps the original.
 */
const NULL_SETTINGS: StoredWidget = {
  id: "wc-null-settings",
  name: "Null settings",
  settings: null,
};

/** A policy the tenant's rules no longer accept: it has a field CXone dropped. */
const LEGACY: StoredWidget = {
  id: "wc-legacy",
  name: "Legacy policy",
  settings: {
    greeting: "hello",
    securityPolicies: {
      corsOrigins: ["https://legacy.example.com"],
      authentication: { requireToken: false },
      legacyMode: true,
    },
  },
};

describe("destroy gives every widget back as it was found, through the CLI", function () {
  this.timeout(300_000);
  const world = useE2eWorld({
    widgets: [...defaultWidgets(), ...ODD_WIDGETS, NULL_SETTINGS, LEGACY],
  });
  const json = (id: string) => JSON.stringify(world.sim.widgets.get(id)?.widget);
  let pristine: Record<string, string>;

  it("byte for byte, for absent, empty, null and reordered fields", async () => {
    const all = [...ODD_WIDGETS, NULL_SETTINGS, LEGACY];
    pristine = Object.fromEntries(all.map((w) => [w.id, json(w.id)]));
    const stack = await world.stack("many-widgets", "odd");
    const declared = [...ODD_WIDGETS, NULL_SETTINGS];
    await stack.useWidgets(
      world.dir,
      declared.map((w) => w.id),
      ["https://www.example.com"],
      10,
    );
    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal([`+ ${declared.length + 1} created`]);
    for (const w of declared) expect(json(w.id), w.id).to.not.equal(pristine[w.id]);
    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    await stack.run(["destroy", "--yes"]);
    for (const w of ODD_WIDGETS) expect(json(w.id), w.id).to.equal(pristine[w.id]);
    // settings: null, refused by the tenant, comes back absent, and the audit line says why.
    const { settings: _null, ...withoutSettings } = NULL_SETTINGS;
    expect(json(NULL_SETTINGS.id)).to.equal(JSON.stringify(withoutSettings));
    const release = auditLines(world.auditDir).filter(
      (l) => l.widgetId === NULL_SETTINGS.id && l.action === "delete",
    );
    expect(release).to.have.length(1);
    expect(release[0]).to.deep.include({ outcome: "success", originalSettingsJson: "null" });
    expect(release[0]?.note).to.match(
      /^the widget had settings: null before adoption; the tenant refused it back \(PUT \/api\/v2\/webchat\/widgets\/wc-null-settings failed with 400 Bad Request: settings must be an object/,
    );
  });

  describe("when the tenant refuses the policy a widget had before", () => {
    let stack: StackCli;

    it("destroy fails with the cause and the ways out, and changes nothing", async () => {
      stack = await world.stack("many-widgets", "legacy");
      await stack.useWidgets(world.dir, [LEGACY.id], ["https://www.example.com"], 10);
      await stack.run(["up", "--yes"]);
      const adopted = json(LEGACY.id);
      for (let attempt = 0; attempt < 2; attempt++) {
        const destroy = await stack.run(["destroy", "--yes"], { allowFailure: true });
        expect(destroy.code).to.not.equal(0);
        expect(destroy.output).to.contain(
          `restoring the policy widget ${LEGACY.id} had before this stack adopted it was refused: PUT /api/v2/webchat/widgets/${LEGACY.id} failed with 422`,
        );
        expect(destroy.output).to.contain('set onDelete: "clear" on this resource');
        expect(destroy.output).to.contain("pulumi state delete");
        expect(destroy.output).to.not.match(/^\s+at \S/m);
        expect(json(LEGACY.id)).to.equal(adopted);
      }
    });

    it("with onDelete: clear, destroy removes the policy and the audit trail keeps the refused one", async () => {
      const file = join(world.dir, "legacy-widgets.yaml");
      await stack.set("dataFile", file);
      writeFileSync(
        file,
        `widgets:\n  - widgetId: ${LEGACY.id}\n    corsOrigins: ["https://www.example.com"]\n    authentication: { requireToken: false }\n    onDelete: clear\n`,
      );
      const up = await stack.run(["up", "--yes"]);
      expect(resourceSummary(up.stdout)).to.include("~ 1 updated");
      const destroy = await stack.run(["destroy", "--yes"]);
      expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 2 deleted"]);
      const { securityPolicies: _dropped, ...settings } = LEGACY.settings as Record<
        string,
        unknown
      >;
      expect(json(LEGACY.id)).to.equal(JSON.stringify({ ...LEGACY, settings }));
      const audit = auditLines(world.auditDir);
      const cleared = audit.filter(
        (l) => l.widgetId === LEGACY.id && l.action === "delete" && l.outcome === "success",
      );
      expect(cleared).to.have.length(1);
      expect(cleared[0]?.discardedPolicyJson).to.equal(
        JSON.stringify((LEGACY.settings as Record<string, unknown>).securityPolicies),
      );
    });
  });
});
