import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../scripts/pulumi-project";
import { useTempDir } from "../helpers/temp-dir";

const SCRIPT = join(REPO_ROOT, "scripts", "pulumi-cli.sh");
const SDK_VERSION = (
  JSON.parse(
    readFileSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
  ) as { version: string }
).version;

/** An executable that prints `output` whatever its arguments, like `pulumi version`. */
function fakeProgram(path: string, output: string): void {
  writeFileSync(path, `#!/bin/sh\necho ${output}\n`);
  chmodSync(path, 0o755);
}

/** A directory laid out like an installation: pulumi at `version`, optionally its language host. */
function installation(dir: string, version: string, withHost: boolean): string {
  mkdirSync(dir, { recursive: true });
  fakeProgram(join(dir, "pulumi"), version);
  if (withHost) fakeProgram(join(dir, "pulumi-language-nodejs"), "host");
  return dir;
}

/**
 * Runs the script with `pathDirs` first on PATH, the cache at `cache` and PULUMI_HOME beside it;
 * no Go build may start.
 */
function run(pathDirs: string[], cache: string) {
  const result = spawnSync("bash", [SCRIPT], {
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: [...pathDirs, process.env.PATH].join(":"),
      PULUMI_CLI_CACHE: cache,
      PULUMI_HOME: join(cache, "..", "home"),
      // Any attempt to build fails at once: no module source, and no way to fetch one.
      GOPROXY: "off",
      GOMODCACHE: join(cache, "..", "no-modules"),
    },
  });
  return { dir: result.stdout.trim(), log: result.stderr, status: result.status };
}

const SHIM = join(REPO_ROOT, "policy-pack", "shim", "pulumi-analyzer-policy-nodejsshim");

/**
 * A `pulumi` that prints `version` and appends each other command line, with the PULUMI_HOME it
 * ran with, to `log`.
 */
function recordingPulumi(path: string, version: string, log: string): void {
  writeFileSync(
    path,
    `#!/bin/sh\nif [ "$1" = version ]; then echo ${version}; else echo "$PULUMI_HOME $*" >>"${log}"; fi\n`,
  );
  chmodSync(path, 0o755);
}

describe("scripts/pulumi-cli.sh", function () {
  this.timeout(30_000);
  const tmp = useTempDir("pulumi-cli-");

  /** A cache that already holds a complete build for the SDK's version. */
  const warmCache = () => {
    const cache = join(tmp.path, "cache");
    const bin = installation(join(cache, `v${SDK_VERSION}`, "bin"), `v${SDK_VERSION}`, true);
    writeFileSync(join(bin, "pulumi-language-nodejs.version"), "v3.68.0\n");
    return { cache, bin };
  };

  it("uses a pulumi on PATH that is not older than the SDK and has its language host", () => {
    const onPath = installation(join(tmp.path, "standard"), "v3.999.0", true);
    const result = run([onPath], join(tmp.path, "empty-cache"));
    expect(result.status).to.equal(0);
    expect(result.dir).to.equal(onPath);
    expect(result.log).to.contain("using pulumi v3.999.0 already on PATH");
  });

  it("passes over a pulumi on PATH without a language host, and uses the cached build", () => {
    const { cache, bin } = warmCache();
    const onPath = installation(join(tmp.path, "bare"), "v3.999.0", false);
    const result = run([onPath], cache);
    expect(result.status).to.equal(0);
    expect(result.dir).to.equal(bin);
    expect(result.log).to.contain("has no pulumi-language-nodejs beside it");
  });

  it("passes over a pulumi on PATH that is older than the SDK", () => {
    const { cache, bin } = warmCache();
    const result = run([installation(join(tmp.path, "old"), "v3.100.0", true)], cache);
    expect(result.dir).to.equal(bin);
    expect(result.log).to.not.contain("already on PATH");
  });

  it("reuses a complete cache without building, and puts the dynamic-provider plugin beside the CLI", () => {
    const { cache, bin } = warmCache();
    const result = run([], cache);
    expect(result.status).to.equal(0);
    expect(result.dir).to.equal(bin);
    expect(result.log).to.not.contain("building");
    expect(readFileSync(join(bin, "pulumi-resource-pulumi-nodejs"), "utf8")).to.equal(
      readFileSync(
        join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs"),
        "utf8",
      ),
    );
  });

  it("does not trust a language host without its version stamp: it builds one, and says so when that fails", () => {
    const { cache, bin } = warmCache();
    writeFileSync(join(bin, "pulumi-language-nodejs.version"), "v3.50.0\n");
    const result = run([], cache);
    expect(result.status).to.not.equal(0);
    expect(result.log).to.contain("building pulumi-language-nodejs from sdk/v3@v3.68.0");
    expect(result.log).to.contain("building pulumi-language-nodejs failed; the end of its log:");
    expect(result.dir).to.equal("");
  });
  it("installs the policy-pack shim into PULUMI_HOME with pulumi plugin install, beside no CLI", () => {
    const { cache, bin } = warmCache();
    const log = join(tmp.path, "pulumi.log");
    recordingPulumi(join(bin, "pulumi"), `v${SDK_VERSION}`, log);
    const result = run([], cache);
    expect(result.status, result.log).to.equal(0);
    const home = join(cache, "..", "home");
    expect(readFileSync(log, "utf8")).to.equal(
      `${home} plugin install analyzer policy-nodejsshim 1.0.0 --file ${SHIM} --reinstall\n`,
    );
    expect(result.log).to.contain(
      `installed the policy-pack analyzer shim (policy-nodejsshim) into ${home}`,
    );
    // Not on PATH: the CLI would warn "using ... from $PATH" on every run.
    expect(existsSync(join(bin, "pulumi-analyzer-policy-nodejsshim"))).to.equal(false);
  });

  it("leaves a PULUMI_HOME that already holds the same shim alone", () => {
    const { cache, bin } = warmCache();
    const log = join(tmp.path, "pulumi.log");
    recordingPulumi(join(bin, "pulumi"), `v${SDK_VERSION}`, log);
    const plugin = join(cache, "..", "home", "plugins", "analyzer-policy-nodejsshim-v1.0.0");
    mkdirSync(plugin, { recursive: true });
    copyFileSync(SHIM, join(plugin, "pulumi-analyzer-policy-nodejsshim"));
    expect(run([], cache).status).to.equal(0);
    expect(existsSync(log)).to.equal(false);
    writeFileSync(join(plugin, "pulumi-analyzer-policy-nodejsshim"), "#!/bin/sh\n# older\n");
    expect(run([], cache).status).to.equal(0);
    expect(readFileSync(log, "utf8")).to.contain("plugin install analyzer policy-nodejsshim");
  });

  it("installs no shim for a standard installation, whose language host runs policy packs", () => {
    const onPath = installation(join(tmp.path, "standard"), "v3.999.0", true);
    const log = join(tmp.path, "pulumi.log");
    recordingPulumi(join(onPath, "pulumi"), "v3.999.0", log);
    expect(run([onPath], join(tmp.path, "empty-cache")).dir).to.equal(onPath);
    expect(existsSync(log)).to.equal(false);
  });
});
