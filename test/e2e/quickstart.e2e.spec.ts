import { createHash, createHmac } from "node:crypto";
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { EngineEvent, PulumiFn } from "@pulumi/pulumi/automation";
import * as pulumi from "@pulumi/pulumi";
import { quickstart } from "../../examples/quickstart/program";
import { DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { REPO_ROOT } from "../../scripts/pulumi-engine";
import { backendFiles, cliExport, collect, useE2eWorld } from "./e2e-world";
import { rejection } from "../helpers/rejection";

const PROJECT = "cxone-webchat-quickstart";
const WIDGET = "wc-support-001";
const ORIGINS = ["https://www.example.com", "https://shop.example.com"];
const RULES: Array<{ id: string; action: string; pattern: string; redirectUrl?: string }> = [
  { id: "block-admin", action: "block", pattern: "/admin/*" },
  {
    id: "legacy-help",
    action: "redirect",
    pattern: "/help/v1/*",
    redirectUrl: "https://www.example.com/help",
  },
  { id: "log-checkout", action: "log", pattern: "/checkout/*" },
];

/** RFC 8785 for the JSON this test builds (strings, booleans, small integers), written independently of the package. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The digest as the README's algorithm defines it, from the stack's config. */
function expectedDigest(rules: typeof RULES): string {
  const policy = {
    corsOrigins: ORIGINS.map((o) => new URL(o).origin).sort(),
    authentication: { requireToken: true, tokenExpiryMinutes: 30 },
    rules: rules.map((r) =>
      r.redirectUrl === undefined ? r : { ...r, redirectUrl: new URL(r.redirectUrl).href },
    ),
    allowInsecureOrigins: false,
  };
  return createHash("sha256").update(canonical(policy)).digest("hex");
}

const widgetJson = (world: ReturnType<typeof useE2eWorld>) =>
  JSON.stringify(world.sim.widgets.get(WIDGET)?.widget);

describe("quickstart on the real Pulumi engine", function () {
  this.timeout(180_000);
  const world = useE2eWorld();
  let before: string;
  const stack = () => world.stack("quickstart", PROJECT, "dev", quickstart);

  it("up creates the policy and the webhook, adopting the widget", async () => {
    before = widgetJson(world);
    const s = await stack();
    const up = await s.up({ onOutput: collect(world) });
    expect(up.summary.resourceChanges).to.deep.equal({ create: 3 });
    expect(up.outputs.policyDigest?.value).to.equal(expectedDigest(RULES));
    expect(world.sim.counters().byRoute["PUT /api/v2/webchat/widgets/{id}"]).to.equal(1);
    expect(world.waf.deliveries.map((d) => d.id)).to.deep.equal([up.outputs.deliveryId?.value]);
  });

  it("survives a stack export/import round trip", async () => {
    const s = await stack();
    const exported = await s.exportStack();
    await s.importStack(exported);
    const again = await s.exportStack();
    expect(again.deployment.resources?.length).to.equal(exported.deployment.resources?.length);
    await s.preview({ expectNoChanges: true });
  });

  it("shows no changes on preview and on refresh after up", async () => {
    const s = await stack();
    const preview = await s.preview({ expectNoChanges: true, onOutput: collect(world) });
    expect(preview.changeSummary).to.deep.equal({ same: 3 });
    const refresh = await s.refresh({ expectNoChanges: true, onOutput: collect(world) });
    expect(refresh.summary.resourceChanges).to.deep.equal({ same: 3 });
  });

  it("keeps each serialized provider in state under 4 KB", async () => {
    const exported = await (await stack()).exportStack();
    const sizes = (
      exported.deployment.resources as Array<{ type: string; inputs?: { __provider?: string } }>
    )
      .filter((r) => typeof r.inputs?.__provider === "string")
      .map((r) => ({ type: r.type, bytes: Buffer.byteLength(r.inputs?.__provider ?? "") }));
    console.log(`      serialized providers in state: ${JSON.stringify(sizes)}`);
    expect(sizes).to.have.length(2);
    for (const { bytes } of sizes) expect(bytes).to.be.lessThan(4096);
  });

  it("previews a one-rule change as exactly that property, applies it with one PUT, and redelivers the new digest", async () => {
    const s = await stack();
    const changed = RULES.map((r) =>
      r.id === "log-checkout" ? { ...r, pattern: "/checkout/v2/*" } : r,
    );
    await s.setConfig(`${PROJECT}:rules`, { value: JSON.stringify(changed) });
    const events: EngineEvent[] = [];
    const preview = await s.preview({
      diff: true,
      onEvent: (e) => events.push(e),
      onOutput: collect(world),
    });
    expect(preview.changeSummary).to.deep.equal({ same: 1, update: 2 });
    const policyStep = events.find((e) =>
      e.resourcePreEvent?.metadata.type.endsWith("WebchatSecurityPolicy"),
    )?.resourcePreEvent?.metadata;
    expect(policyStep?.op).to.equal("update");
    // Dynamic providers cannot return a detailed diff; the engine shows one computed from the
    // checked (normalized) inputs. Its top-level marked lines are the properties that change.
    const block =
      preview.stdout.split("WebchatSecurityPolicy: (update)")[1]?.split(/\n {4}[~+-] pulumi/)[0] ??
      "";
    const changedProperties = [...block.matchAll(/^ {6}[~+-] (\w+)\s*:/gm)].map((m) => m[1]);
    expect(changedProperties).to.deep.equal(["rules"]);
    expect(block).to.contain('"/checkout/*" => "/checkout/v2/*"');

    world.sim.clearLog();
    const deliveriesBefore = world.waf.deliveries.length;
    const up = await s.up({ onOutput: collect(world) });
    const routes = world.sim.counters().byRoute;
    expect(routes["PUT /api/v2/webchat/widgets/{id}"]).to.equal(1);
    expect(routes["GET /api/v2/webchat/widgets/{id}"] ?? 0).to.equal(0);
    const digest = String(up.outputs.policyDigest?.value);
    expect(digest).to.equal(expectedDigest(changed));
    const delivery = world.waf.deliveries[deliveriesBefore];
    expect((delivery?.payload as { data: { configDigest: string } }).data.configDigest).to.equal(
      digest,
    );
    const signature = createHmac("sha256", Buffer.from(world.signingSecret.slice(6), "base64"))
      .update(`${delivery?.id}.${delivery?.timestamp}.${delivery?.body}`)
      .digest("base64");
    expect(delivery?.signature).to.equal(`v1,${signature}`);
  });

  it("reports drift on refresh and repairs it on the next up", async () => {
    const s = await stack();
    world.sim.editWidget(WIDGET, (w) => {
      (
        (w.settings as Record<string, unknown>).securityPolicies as Record<string, unknown>
      ).corsOrigins = ["https://attacker.example"];
    });
    const refresh = await s.refresh({ onOutput: collect(world) });
    expect(refresh.summary.resourceChanges?.update).to.equal(1);
    const up = await s.up({ onOutput: collect(world) });
    expect(up.summary.resourceChanges?.update).to.equal(1);
    const live = (
      world.sim.widgets.get(WIDGET)?.widget.settings as {
        securityPolicies: { corsOrigins: string[] };
      }
    ).securityPolicies;
    expect(live.corsOrigins).to.deep.equal([...ORIGINS].sort());
    await s.preview({ expectNoChanges: true });
  });

  it("fails only the webhook when the WAF is down, keeps the policy applied, and delivers on the next up", async () => {
    const s = await stack();
    const rules = RULES.map((r) => (r.id === "block-admin" ? { ...r, pattern: "/admin/**" } : r));
    await s.setConfig(`${PROJECT}:rules`, { value: JSON.stringify(rules) });
    for (let i = 0; i < 5; i++) world.waf.failNext({ status: 503 });
    const error = String(await rejection(s.up({ onOutput: collect(world) })));
    expect(error).to.match(
      /delivery of webchat_security_policy_deployed to http:\/\/127\.0\.0\.1:\d+\/hooks\/waf failed with 503 after 5 attempts/,
    );
    const live = (
      world.sim.widgets.get(WIDGET)?.widget.settings as {
        securityPolicies: { rules: Array<{ pattern: string }> };
      }
    ).securityPolicies;
    expect(live.rules[0]?.pattern).to.equal("/admin/**");
    const up = await s.up({ onOutput: collect(world) });
    const last = world.waf.deliveries.at(-1)?.payload as { data: { configDigest: string } };
    expect(last.data.configDigest)
      .to.equal(up.outputs.policyDigest?.value)
      .and.equal(expectedDigest(rules));
    await s.preview({ expectNoChanges: true });
  });

  for (const [label, config, path, reason] of [
    [
      "an XSS pattern",
      JSON.stringify([{ id: "x", action: "block", pattern: "/q=%3Cscript%3E" }]),
      "rules[0].pattern",
      'contains the script-injection vector "<script"',
    ],
    [
      "51 rules",
      JSON.stringify(
        Array.from({ length: 51 }, (_, i) => ({ id: `r${i}`, action: "log", pattern: `/p${i}` })),
      ),
      "rules",
      "must have at most 50 rules",
    ],
  ] as const) {
    it(`fails preview on ${label}, naming the property and the reason, with no request to CXone`, async () => {
      const s = await world.stack("quickstart", PROJECT, `bad-${label.split(" ")[1]}`, quickstart, {
        [`${PROJECT}:rules`]: { value: config },
      });
      for (const [k, v] of Object.entries({
        widgetId: WIDGET,
        corsOrigins: JSON.stringify(ORIGINS),
        authentication: '{"requireToken":false}',
      })) {
        await s.setConfig(`${PROJECT}:${k}`, { value: v });
      }
      world.sim.clearLog();
      const message = String(await rejection(s.preview({ onOutput: collect(world) })));
      expect(message).to.contain(path).and.contain(reason);
      expect(world.sim.requests).to.have.length(0);
    });
  }

  it("writes neither the client secret nor the signing secret in plaintext to state, CLI output or the audit file", async () => {
    const exported = cliExport(world, await stack());
    const audit = readFileSync(join(world.auditDir, "audit.jsonl"), "utf8");
    const everything = [exported, backendFiles(world), world.output.join(""), audit];
    for (const text of everything) {
      expect(text).to.not.contain(DEMO_CREDENTIALS.clientSecret);
      expect(text).to.not.contain(world.signingSecret.slice("whsec_".length));
    }
    expect(exported).to.contain("ciphertext");
  });

  it("destroy restores the widget byte for byte as it was before the first up", async () => {
    const s = await stack();
    const destroy = await s.destroy({ onOutput: collect(world) });
    expect(destroy.summary.resourceChanges).to.deep.equal({ delete: 3 });
    expect(widgetJson(world)).to.equal(before);
    expect(world.waf.deliveries.at(-1)?.type).to.equal("webchat_security_policy_removed");
  });

  it("applies a change to the installed provider code to refresh and destroy of resources created before it", async () => {
    // A user's project with this package installed in node_modules. The engine runs from the
    // project directory, as it does for a user; the installed code is changed after the
    // resources exist, as an upgrade would.
    const project = join(world.dir, "user-project");
    const pkg = join(project, "node_modules", "pulumi-cxone-webchat");
    cpSync(join(REPO_ROOT, "dist", "provider"), join(pkg, "dist", "provider"), { recursive: true });
    cpSync(join(REPO_ROOT, "package.json"), join(pkg, "package.json"));
    symlinkSync(join(REPO_ROOT, "node_modules"), join(pkg, "node_modules"));
    symlinkSync(
      join(REPO_ROOT, "node_modules", "@pulumi"),
      join(project, "node_modules", "@pulumi"),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program imports the installed package
    const installed = require(join(pkg, "dist", "provider")) as typeof import("../../provider");
    const program: PulumiFn = async () => {
      const policy = new installed.WebchatSecurityPolicy("upgraded", {
        widgetId: "wc-sales-002",
        corsOrigins: ["https://a.example"],
        authentication: { requireToken: false },
      });
      return { digest: policy.policyDigest as pulumi.Output<string> };
    };
    const home = process.cwd();
    process.chdir(project);
    try {
      const s = await world.stack("quickstart", PROJECT, "upgrade", program);
      await s.up({ onOutput: collect(world) });

      const marker = join(world.dir, "upgraded-delete-ran");
      const runtime = join(pkg, "dist", "provider", "resources", "runtime.js");
      writeFileSync(
        runtime,
        `${readFileSync(runtime, "utf8")}
const v1 = exports.providerFor;
exports.providerFor = (kind) => {
  const p = v1(kind);
  return Object.assign(Object.create(p), {
    configure: (req) => p.configure(req),
    read: async (id, props) => { const r = await p.read(id, props); return { ...r, props: { ...r.props, upgradedBy: "v2" } }; },
    delete: async (id, props) => { require("fs").writeFileSync(${JSON.stringify(marker)}, "v2"); return p.delete(id, props); },
  });
};
`,
      );
      await s.refresh({ onOutput: collect(world) });
      expect(cliExport(world, s)).to.contain('"upgradedBy": "v2"');
      await s.destroy({ onOutput: collect(world) });
      expect(existsSync(marker)).to.equal(true);
    } finally {
      process.chdir(home);
    }
  });
});
