import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { WafReceiver } from "../../provider/simulator/waf-receiver";
import { offlineEnv, PulumiProject, REPO_ROOT, StackCli } from "../../scripts/pulumi-project";
import { installPackage, lockedSdkVersion, packPackage } from "../../scripts/installed-package";
import {
  LAYOUTS,
  packageLayouts,
  type Layout,
  type LayoutProject,
} from "../../scripts/package-layouts";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const WIDGET = "wc-support-001";
/** The policy of the README's Install example. */
const README_POLICY = {
  corsOrigins: ["https://www.example.com", "https://shop.example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 30 },
  rules: [
    { id: "block-admin", action: "block", pattern: "/admin/*" },
    {
      id: "legacy-help",
      action: "redirect",
      pattern: "/help/v1/*",
      redirectUrl: "https://www.example.com/help",
    },
  ],
};

/** The README's "Install" section: its shell steps' files and its program, verbatim. */
function readmeInstall(): { program: string; pulumiYaml: string; tsconfig: string } {
  const section = readFileSync(join(REPO_ROOT, "README.md"), "utf8").split(/^## Install$/m)[1];
  if (section === undefined) throw new Error('README.md has no "## Install" section');
  const fenced = (lang: string, after: string) => {
    const from = section.indexOf(after);
    const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section.slice(from));
    if (from < 0 || match?.[1] === undefined)
      throw new Error(`README.md's Install section has no \`\`\`${lang} block after "${after}"`);
    return match[1];
  };
  return {
    pulumiYaml: fenced("yaml", "Pulumi.yaml"),
    tsconfig: fenced("json", "tsconfig.json"),
    program: fenced("ts", "index.ts"),
  };
}

/** The version in package.json, which the CHANGELOG's top release names. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
    .version;
}

/** The two commands of docs/guardrails.md's "From npm": the install, then the preview. */
function guardrailsFromNpm(): string[] {
  const section = readFileSync(join(REPO_ROOT, "docs", "guardrails.md"), "utf8").split(
    "**From npm.**",
  )[1];
  const block = /```sh\n([\s\S]*?)```/.exec(section ?? "")?.[1];
  if (block === undefined) throw new Error('docs/guardrails.md has no ```sh block in "From npm"');
  return block.trim().split("\n");
}

function npm(cwd: string, args: string[]): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("the packaged module, installed in a new project as the README says", function () {
  this.timeout(300_000);
  const world = useE2eWorld();
  let project: PulumiProject;
  let dev: StackCli;
  let dir: string;
  let before: string;
  let tarballPath: string;
  const installed = () => join(dir, "node_modules", "pulumi-cxone-webchat");

  it("installs from the npm pack tarball, offline, and its program type-checks against the published types", () => {
    const packed = packPackage(world.dir);
    const tarball = packed.tarball;
    tarballPath = tarball;
    const files = packed.files;
    expect(files).to.include.members([
      "package.json",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/cli/main.js",
      "dist/provider/resources/runtime.js",
      "dist/provider/providers/webchat-security-policy.js",
      "dist/provider/simulator/index.js",
    ]);
    expect(
      files.filter((f) => f.startsWith("dist/test") || (f.endsWith(".ts") && !f.endsWith(".d.ts"))),
    ).to.deep.equal([]);

    dir = join(world.dir, "webchat-policy");
    mkdirSync(dir);
    const readme = readmeInstall();
    writeFileSync(join(dir, "Pulumi.yaml"), readme.pulumiYaml);
    writeFileSync(join(dir, "tsconfig.json"), readme.tsconfig);
    writeFileSync(join(dir, "index.ts"), readme.program);
    // The README's `npm install pulumi-cxone-webchat @pulumi/pulumi typescript@~5.9.3`, offline:
    // the same packages at the repository's locked versions, from the npm cache.
    installPackage(dir, tarball, { "@pulumi/pulumi": lockedSdkVersion(), typescript: "~5.9.3" });
    // The program type-checks against the published declarations, through the exports map.
    const tsc = spawnSync(join(dir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(`${tsc.stdout}${tsc.stderr}`).to.equal("");
    expect(tsc.status).to.equal(0);
  });

  it("pulumi preview and up run the README's program against the simulator", async () => {
    project = new PulumiProject(
      world.cli,
      dir,
      offlineEnv(world.cli, join(world.dir, "consumer-state")),
    );
    before = JSON.stringify(world.sim.widgets.get(WIDGET)?.widget);
    dev = await StackCli.init(project, "dev");
    await dev.useSimulator(world.sim.url);
    await dev.set("cxone:auditDir", join(world.dir, "consumer-audit"));
    await dev.set("wafUrl", world.waf.url);
    await dev.set("wafSigningSecret", world.signingSecret, true);
    // With main beside its lockfile, even the v3.68 language host lists the dependencies.
    const about = await dev.run(["about"]);
    expect(about.stdout).to.match(new RegExp(`^pulumi-cxone-webchat\\s+${packageVersion()}$`, "m"));
    const preview = await dev.run(["preview"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal(["+ 3 to create"]);
    const up = await dev.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 3 created"]);
    const digest = (await dev.outputs()).policyDigest;
    expect(digest).to.match(/^[0-9a-f]{64}$/);
    const delivered = world.waf.deliveries.at(-1)?.payload as { data: { policyDigest: string } };
    expect(delivered.data.policyDigest).to.equal(digest);
    await dev.run(["preview", "--expect-no-changes"]);
    await dev.run(["refresh", "--yes", "--expect-no-changes"]);
    // The bin entry: the installed command computes the same digest for the README's policy.
    const policyFile = join(dir, "policy.json");
    writeFileSync(policyFile, JSON.stringify(README_POLICY));
    const validated = execFileSync(
      join(dir, "node_modules", ".bin", "pulumi-cxone-webchat"),
      ["validate", policyFile],
      { encoding: "utf8" },
    );
    expect(validated.trim()).to.equal(`${policyFile}: valid; policyDigest ${digest}`);
  });

  it("installs none of the S3 SDK nor the policy SDK: no @aws-sdk, @smithy or @pulumi/policy package", () => {
    const packed = execFileSync("tar", ["tzf", tarballPath], { encoding: "utf8" }).split("\n");
    expect(packed).to.include("package/CHANGELOG.md");
    expect(packed.filter((f) => /^package\/(dist\/)?policy-pack\//.test(f))).to.deep.equal([]);
    const installed = npm(dir, ["ls", "--all", "--parseable"]).trim().split("\n");
    expect(
      installed.filter((path) =>
        /node_modules\/(@aws-sdk|@smithy|@pulumi\/policy)(\/|$)/.test(path),
      ),
    ).to.deep.equal([]);
    expect(existsSync(join(dir, "node_modules", "@aws-sdk"))).to.equal(false);
  });

  it("without the S3 SDK, fails preview of an s3:// audit sink in one line naming the install command, as docs/teams.md says", async () => {
    // The error docs/teams.md shows, for the location it shows.
    const teams = readFileSync(join(REPO_ROOT, "docs", "teams.md"), "utf8");
    const shown =
      /```text\n(error: cxone:audit: "(s3:\/\/[^"]+)" needs @aws-sdk\/client-s3[^\n]*)\n```/.exec(
        teams,
      );
    if (shown?.[1] === undefined || shown[2] === undefined)
      throw new Error("docs/teams.md shows no error of an s3:// sink without its SDK");
    await dev.set("cxone:audit", shown[2]);
    try {
      const preview = await dev.run(["preview"], { allowFailure: true });
      expect(preview.code).to.not.equal(0);
      expect(preview.output, "no stack trace").to.not.match(/^\s+at \S/m);
      // What the user reads as the outcome: the Diagnostics section says it once, in one line.
      const diagnostics = preview.output.split(/^Diagnostics:$/m)[1]?.split(/^Resources:$/m)[0];
      const lines = (diagnostics ?? "").split("\n").filter((l) => l.includes("@aws-sdk"));
      expect(lines.map((l) => l.trim())).to.deep.equal([shown[1]]);
    } finally {
      await dev.run(["config", "rm", "cxone:audit"]);
    }
  });

  it("runs the guardrails package installed beside it, as docs/guardrails.md says", async () => {
    const pack = packPackage(world.dir, "policy-pack");
    expect(pack.files).to.include.members([
      "package.json",
      "PulumiPolicy.yaml",
      "guardrails.example.json",
      "dist/index.js",
      "shim/package.json",
      "shim/PulumiPolicy.yaml",
      "shim/pulumi-analyzer-policy-nodejsshim",
    ]);
    expect(pack.files.filter((f) => f.endsWith(".ts"))).to.deep.equal([]);
    // The guide's `npm install pulumi-cxone-webchat-guardrails`, offline, beside the provider.
    const [install, run] = guardrailsFromNpm();
    expect(install).to.equal("npm install pulumi-cxone-webchat-guardrails");
    installPackage(
      dir,
      tarballPath,
      { "@pulumi/pulumi": lockedSdkVersion(), typescript: "~5.9.3" },
      [pack],
    );
    expect(existsSync(join(dir, "node_modules", "@pulumi", "policy"))).to.equal(true);
    expect(existsSync(join(dir, "node_modules", "@aws-sdk"))).to.equal(false);
    writeFileSync(
      join(dir, "guardrails.json"),
      JSON.stringify({
        "webchat-production-token-auth": {
          productionStackPattern: "^dev$",
          maxTokenExpiryMinutes: 20,
        },
      }),
    );
    // The guide's command, with shim/ where the CLI's language host cannot run a pack itself.
    const args = (run ?? "").split(" ").slice(1);
    if (world.cli.policyShim !== undefined) args[args.indexOf("--policy-pack") + 1] += "/shim";
    const result = await dev.run(args, { allowFailure: true });
    expect(result.code).to.not.equal(0);
    expect(result.stdout).to.contain(`cxone-webchat-guardrails@v${packageVersion()}`);
    expect(result.stdout).to.contain(
      'support-chat: authentication.tokenExpiryMinutes is 30, outside the 5 to 20 minutes allowed on the production stack "dev". Set it to a value from 5 to 20.',
    );
  });

  it("serves refresh and destroy of existing resources with the installed package's code, as an upgrade would", async () => {
    // The state holds only a require of providers/<kind>.js; the hooks come from node_modules,
    // through the registry, so a changed registry is what an upgraded package looks like.
    const marker = join(world.dir, "upgraded-delete-ran");
    const runtime = join(installed(), "dist", "provider", "registry.js");
    const original = readFileSync(runtime, "utf8");
    try {
      writeFileSync(
        runtime,
        `${original}
const v1 = exports.hooksFor;
exports.hooksFor = (kind) => {
  const p = v1(kind);
  return Object.assign(Object.create(p), {
    configure: (req) => p.configure(req),
    read: async (id, props) => { const r = await p.read(id, props); return { ...r, props: { ...r.props, upgradedBy: "v2" } }; },
    delete: async (id, props) => { require("fs").writeFileSync(${JSON.stringify(marker)}, "v2"); return p.delete(id, props); },
  });
};
`,
      );
      const state = (await dev.run(["stack", "export"])).stdout;
      expect(state).to.contain(
        "pulumi-cxone-webchat/dist/provider/providers/webchat-security-policy.js",
      );
      await dev.run(["refresh", "--yes"]);
      expect((await dev.run(["stack", "export"])).stdout).to.contain('"upgradedBy": "v2"');
      const destroy = await dev.run(["destroy", "--yes"]);
      expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
      expect(existsSync(marker)).to.equal(true);
      expect(JSON.stringify(world.sim.widgets.get(WIDGET)?.widget)).to.equal(before);
    } finally {
      // The next tests run the package as installed.
      writeFileSync(runtime, original);
    }
  });

  it("upgrades a stack written by 0.1.0: preview shows only the secrets moving out of the state, then up converges", async () => {
    // State of the README's program as 0.1.0 left it after its first up (its own npm tarball).
    const fixture = JSON.parse(
      readFileSync(
        join(REPO_ROOT, "test", "fixtures", "upgrade", "readme-program-0.1.0.json"),
        "utf8",
      ),
    ) as {
      signingSecret: string;
      pristineWidget: Record<string, unknown>;
      widgetAfterUp: Record<string, unknown>;
      deployment: unknown;
    };
    // 0.1.0's webhook signs with the fixture's secret: a WAF receiver that knows it.
    const waf = await new WafReceiver({ secret: fixture.signingSecret }).start();
    try {
      const file = join(world.dir, "upgraded.json");
      writeFileSync(
        file,
        JSON.stringify(fixture.deployment)
          .split("__SIM_URL__")
          .join(world.sim.url)
          .split("__WAF_URL__")
          .join(waf.url),
      );
      // The stack 0.1.0 wrote was "dev" (its claim on the widget says so): a backend of its own.
      const upgraded = await StackCli.init(
        new PulumiProject(world.cli, dir, offlineEnv(world.cli, join(world.dir, "upgraded-state"))),
        "dev",
      );
      await upgraded.useSimulator(world.sim.url);
      await upgraded.set("cxone:auditDir", join(world.dir, "upgraded-audit"));
      await upgraded.set("wafUrl", waf.url);
      await upgraded.set("wafSigningSecret", fixture.signingSecret, true);
      await upgraded.run(["stack", "import", "--file", file]);
      world.sim.editWidget(WIDGET, (w) => {
        for (const key of Object.keys(w)) delete w[key];
        Object.assign(w, fixture.widgetAfterUp);
      });
      // In the resources of this package, decrypted (the engine's own record of the stack config,
      // the default provider's, holds every config secret, as with any Pulumi program).
      const secretInState = async () => {
        const exported = JSON.parse(
          (await upgraded.run(["stack", "export", "--show-secrets"])).stdout,
        ) as { deployment: { resources: Array<{ type: string }> } };
        const ours = exported.deployment.resources.filter((r) => r.type.includes("dynamic/cxone:"));
        expect(ours).to.have.length(2);
        return JSON.stringify(ours).includes(fixture.signingSecret.slice("whsec_".length));
      };
      expect(await secretInState(), "0.1.0 kept the signing secret in the state").to.equal(true);

      world.sim.clearLog();
      const preview = await upgraded.run(["preview", "--diff"]);
      // What the README says an upgrade preview shows, exactly.
      expect(resourceSummary(preview.stdout), preview.stdout).to.deep.equal([
        "~ 1 to update",
        "2 unchanged",
      ]);
      expect(preview.stdout).to.match(/~ pulumi-nodejs:dynamic\/cxone:WafWebhook: \(update\)/);
      // Only the signing secret changes, from its value to a reference; both show as [secret].
      expect(preview.stdout).to.match(/^ +signingSecret +: \[secret\]$/m);
      expect(preview.stdout, "no property marked as changed").to.not.match(/^ +~ \w+ *:/m);
      expect(world.sim.requests).to.have.length(0);

      const up = await upgraded.run(["up", "--yes"]);
      expect(resourceSummary(up.stdout)).to.deep.equal(["~ 1 updated", "2 unchanged"]);
      expect(waf.deliveries, "nothing new to tell the WAF").to.have.length(0);
      expect(await secretInState(), "the state keeps a reference, not the secret").to.equal(false);
      await upgraded.run(["preview", "--expect-no-changes"]);
      await upgraded.run(["refresh", "--yes", "--expect-no-changes"]);
      const destroy = await upgraded.run(["destroy", "--yes"]);
      expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
      expect(JSON.stringify(world.sim.widgets.get(WIDGET)?.widget)).to.equal(
        JSON.stringify(fixture.pristineWidget),
      );
      // The removal was signed with the secret found in the stack config by its reference.
      expect(waf.deliveries.map((d) => d.type)).to.deep.equal(["webchat_security_policy_removed"]);
    } finally {
      await waf.stop();
    }
  });

  it("shares the project's own @pulumi/pulumi: installed beside 3.247.0, there is one copy, and preview runs", async () => {
    const other = join(world.dir, "other-sdk");
    mkdirSync(other);
    const readme = readmeInstall();
    writeFileSync(join(other, "Pulumi.yaml"), readme.pulumiYaml);
    writeFileSync(join(other, "tsconfig.json"), readme.tsconfig);
    writeFileSync(join(other, "index.ts"), readme.program);
    npm(other, ["init", "-y"]);
    // A release of the SDK other than the one this repository builds with, from the registry.
    npm(other, [
      "install",
      "--no-audit",
      "--no-fund",
      tarballPath,
      "@pulumi/pulumi@3.247.0",
      "typescript@~5.9.3",
    ]);
    const copies = npm(other, ["ls", "@pulumi/pulumi", "--all", "--parseable"])
      .trim()
      .split("\n")
      .filter((line) => line !== "");
    expect(copies).to.deep.equal([join(other, "node_modules", "@pulumi", "pulumi")]);
    const version = JSON.parse(
      readFileSync(join(other, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
    ) as { version: string };
    expect(version.version).to.equal("3.247.0");
    const stack = await StackCli.init(
      new PulumiProject(world.cli, other, offlineEnv(world.cli, join(world.dir, "other-state"))),
      "dev",
    );
    await stack.useSimulator(world.sim.url);
    await stack.set("wafUrl", world.waf.url);
    await stack.set("wafSigningSecret", world.signingSecret, true);
    const preview = await stack.run(["preview"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal(["+ 3 to create"]);
  });
});

describe("the package linked rather than installed: file:, npm link, a workspace, this repository's examples", function () {
  this.timeout(600_000);
  // Two widgets per layout, so that a layout's stack never meets another's claim.
  const widgetsOf = (layout: Layout) => [1, 2].map((i) => `wc-${layout}-${i}`);
  const world = useE2eWorld({
    widgets: LAYOUTS.flatMap(widgetsOf).map((id) => ({
      id,
      name: id,
      settings: { greeting: "hi" },
    })),
  });
  let layouts: LayoutProject[] = [];

  before(function () {
    this.timeout(900_000);
    layouts = packageLayouts(join(world.dir, "layouts"), packPackage(world.dir).tarball);
  });

  for (const layout of LAYOUTS) {
    it(`${layout}: the state names the package, under 4 KB per policy, and refresh and destroy run the ${layout === "installed" ? "installed" : "linked"} package's current code, whatever provider text the state holds`, async () => {
      const project = layouts.find((l) => l.layout === layout) as LayoutProject;
      const stack = await StackCli.init(
        new PulumiProject(world.cli, project.dir, {
          ...offlineEnv(world.cli, join(world.dir, `state-${layout}`)),
          CXONE_AUDIT_DIR: world.auditDir,
        }),
        "dev",
      );
      await stack.useSimulator(world.sim.url);
      await stack.useWidgets(world.dir, widgetsOf(layout), ["https://www.example.com"], 10);
      const pristine = widgetsOf(layout).map((id) =>
        JSON.stringify(world.sim.widgets.get(id)?.widget),
      );
      await stack.run(["up", "--yes", "--skip-preview"]);

      const state = await exportedPolicies(stack);
      expect(state.policies).to.have.length(2);
      for (const policy of state.policies) {
        // By the package's name, resolved at run time from the project: no path of this machine.
        expect(policy.inputs.__provider).to.equal(
          'exports.handler = () => require("module").createRequire(process.cwd() + "/")' +
            '("pulumi-cxone-webchat/dist/provider/providers/webchat-security-policy.js");\n',
        );
        expect(policy.outputs.__provider).to.equal(policy.inputs.__provider);
        expect(JSON.stringify(policy).length, "bytes of state per policy").to.be.at.most(4096);
      }
      console.log(`      ${layout}: ${state.bytesPerPolicy} B of state per policy`);

      // The serialized provider this package wrote before (the SDK's closure serializer: a
      // require of providers/<kind>.js where installed, a copy of its code naming the registry
      // by path where linked): such state keeps working too.
      const previous = previousProviderText(project.dir);
      expect(previous).to.contain(
        layout === "installed"
          ? 'require("pulumi-cxone-webchat/dist/provider/providers/webchat-security-policy.js")'
          : "dist/provider/registry.js",
      );

      // The repository's own code is not to be changed; elsewhere, a changed registry stands for
      // an edit of the linked checkout (or an upgrade of the installed package).
      const marker = join(world.dir, `${layout}-upgraded-delete-ran`);
      const restore =
        layout === "repository" ? () => undefined : upgradeRegistry(project.packageDir, marker);
      try {
        for (const text of [undefined, previous]) {
          if (text !== undefined) await replaceProviderText(stack, world.dir, text);
          await stack.run(["refresh", "--yes", "--skip-preview"]);
          const refreshed = JSON.stringify((await exportedPolicies(stack)).policies);
          expect(refreshed.includes('"upgradedBy":"v2"'), refreshed).to.equal(
            layout !== "repository",
          );
        }
        const destroy = await stack.run(["destroy", "--yes", "--skip-preview"]);
        expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
        expect(existsSync(marker)).to.equal(layout !== "repository");
      } finally {
        restore();
      }
      expect(
        widgetsOf(layout).map((id) => JSON.stringify(world.sim.widgets.get(id)?.widget)),
      ).to.deep.equal(pristine);
    });
  }
});

interface ExportedResource {
  type: string;
  inputs: { __provider?: string };
  outputs: { __provider?: string };
}

/** The stack's policy resources from `pulumi stack export`, and their bytes per policy. */
async function exportedPolicies(stack: StackCli) {
  const exported = JSON.parse((await stack.run(["stack", "export"])).stdout) as {
    deployment: { resources: ExportedResource[] };
  };
  const policies = exported.deployment.resources.filter((r) =>
    r.type.endsWith(":WebchatSecurityPolicy"),
  );
  const bytes = policies.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
  return { policies, bytesPerPolicy: Math.round(bytes / Math.max(policies.length, 1)) };
}

/**
 * What the previous version stored as a policy's provider in the project at `dir`: the SDK's
 * closure serializer on the export of providers/webchat-security-policy.js, as
 * `pulumi.dynamic.Resource` ran it, with the project's SDK and from its directory.
 */
function previousProviderText(dir: string): string {
  const script = `
    const { createRequire } = require("node:module");
    const here = createRequire(process.cwd() + "/");
    const pulumi = here("@pulumi/pulumi");
    const provider = here("pulumi-cxone-webchat/dist/provider/providers/webchat-security-policy.js");
    pulumi.runtime
      .serializeFunction(() => provider, { allowSecrets: true })
      .then((f) => process.stdout.write(f.text));`;
  return execFileSync(process.execPath, ["--no-warnings", "-e", script], {
    cwd: dir,
    encoding: "utf8",
  });
}

/** Puts `text` in place of every policy's provider in the stack's state (export, import). */
async function replaceProviderText(stack: StackCli, dir: string, text: string): Promise<void> {
  const exported = JSON.parse((await stack.run(["stack", "export"])).stdout) as {
    deployment: { resources: ExportedResource[] };
  };
  for (const r of exported.deployment.resources)
    if (r.type.endsWith(":WebchatSecurityPolicy")) {
      r.inputs.__provider = text;
      r.outputs.__provider = text;
    }
  const file = join(dir, `${stack.name}-replaced.json`);
  writeFileSync(file, JSON.stringify(exported));
  await stack.run(["stack", "import", "--file", file]);
}

/**
 * Changes the registry of the package at `packageDir` as an upgrade would: `read` adds
 * `upgradedBy: "v2"` to the properties, `delete` writes `marker`. Returns how to undo it.
 */
function upgradeRegistry(packageDir: string, marker: string): () => void {
  const registry = join(packageDir, "dist", "provider", "registry.js");
  const original = readFileSync(registry, "utf8");
  writeFileSync(
    registry,
    `${original}
const v1 = exports.hooksFor;
exports.hooksFor = (kind) => {
  const p = v1(kind);
  return Object.assign(Object.create(p), {
    configure: (req) => p.configure(req),
    read: async (id, props) => { const r = await p.read(id, props); return { ...r, props: { ...r.props, upgradedBy: "v2" } }; },
    delete: async (id, props) => { require("fs").writeFileSync(${JSON.stringify(marker)}, "v2"); return p.delete(id, props); },
  });
};
`,
  );
  return () => writeFileSync(registry, original);
}
