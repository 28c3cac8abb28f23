import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../scripts/pulumi-project";
import { serializedProvider } from "../../provider/providers/serialized-provider";
import type { ProviderKind } from "../../provider/registry";
import { useTempDir } from "../helpers/temp-dir";

const KINDS: Record<ProviderKind, string> = {
  WebchatSecurityPolicy: "webchat-security-policy",
  WafWebhook: "waf-webhook",
};
/** The module Pulumi's dynamic-provider host loads `__provider` with. */
const HOST_LOADER = createRequire(require.resolve("@pulumi/pulumi")).resolve("require-from-string");
const providersModule = (kind: ProviderKind) =>
  join(REPO_ROOT, "dist", "provider", "providers", `${KINDS[kind]}.js`);

/**
 * Loads `text` as the host does, `requireFromString(text).handler()`, in a new process whose
 * working directory is `cwd` (the provider runs in the program's), and says which module's
 * export the provider object is, by path, or "another object".
 */
function hostLoads(text: string, cwd: string, candidates: readonly string[]): string {
  const script = `
    const provider = require(${JSON.stringify(HOST_LOADER)})(process.argv[1]).handler();
    const same = JSON.parse(process.argv[2]).find((path) => require(path) === provider);
    console.log(same ?? "another object");`;
  const run = spawnSync(process.execPath, ["-e", script, text, JSON.stringify(candidates)], {
    cwd,
    encoding: "utf8",
  });
  expect(run.stderr).to.equal("");
  return run.stdout.trim();
}

describe("serializedProvider", () => {
  const tmp = useTempDir("serialized-provider-");
  /** A project whose node_modules links this repository, as npm link, file: and workspaces do. */
  const projectLinkingTheRepository = () => {
    const project = join(tmp.path, "project");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(REPO_ROOT, join(project, "node_modules", "pulumi-cxone-webchat"));
    return project;
  };

  for (const kind of Object.keys(KINDS) as ProviderKind[]) {
    it(`names ${kind}'s module by the package's name where the program's directory links the package`, () => {
      const project = projectLinkingTheRepository();
      const text = serializedProvider(kind, project);
      expect(text).to.equal(
        `exports.handler = () => require("module").createRequire(process.cwd() + "/")` +
          `("pulumi-cxone-webchat/dist/provider/providers/${KINDS[kind]}.js");\n`,
      );
      expect(hostLoads(text, project, [providersModule(kind)])).to.equal(providersModule(kind));
    });
  }

  it("names the package the same way inside this repository, which the package's own name resolves to", () => {
    const text = serializedProvider("WebchatSecurityPolicy", join(REPO_ROOT, "examples"));
    expect(text).to.equal(
      serializedProvider("WebchatSecurityPolicy", projectLinkingTheRepository()),
    );
    expect(text).to.not.contain(REPO_ROOT);
    expect(
      hostLoads(text, join(REPO_ROOT, "examples"), [providersModule("WebchatSecurityPolicy")]),
    ).to.equal(providersModule("WebchatSecurityPolicy"));
  });

  it("names its own file by path where the program's directory has no such package", () => {
    const text = serializedProvider("WafWebhook", tmp.path);
    expect(text).to.equal(
      `exports.handler = () => require(${JSON.stringify(providersModule("WafWebhook"))});\n`,
    );
    expect(hostLoads(text, tmp.path, [providersModule("WafWebhook")])).to.equal(
      providersModule("WafWebhook"),
    );
  });

  it("names its own file by path where the program's directory resolves another copy of the package", () => {
    // Another version installed in the project: its code must not serve this one's resources.
    const other = join(tmp.path, "node_modules", "pulumi-cxone-webchat");
    mkdirSync(join(other, "dist", "provider", "providers"), { recursive: true });
    cpSync(join(REPO_ROOT, "package.json"), join(other, "package.json"));
    const otherModule = join(other, "dist", "provider", "providers", "waf-webhook.js");
    writeFileSync(otherModule, "module.exports = { other: true };\n");
    const text = serializedProvider("WafWebhook", tmp.path);
    expect(text).to.contain(JSON.stringify(providersModule("WafWebhook")));
    expect(
      hostLoads(text, tmp.path, [providersModule("WafWebhook"), realpathSync(otherModule)]),
    ).to.equal(providersModule("WafWebhook"));
  });
});
