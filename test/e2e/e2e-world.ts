import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LocalWorkspace,
  type ConfigMap,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { WafReceiver } from "../../provider/simulator/waf-receiver";
import {
  offlineEnv,
  pulumiEngine,
  REPO_ROOT,
  type PulumiEngine,
} from "../../scripts/pulumi-engine";

/** Where each example's Pulumi.yaml and stack files live. */
const EXAMPLE_DIRS: Record<string, string> = {
  quickstart: REPO_ROOT,
  "multi-env": join(REPO_ROOT, "examples", "multi-env"),
  "stack-reference": join(REPO_ROOT, "examples", "stack-reference"),
  "many-widgets": join(REPO_ROOT, "examples", "many-widgets"),
};

/** Everything an end-to-end suite shares: the engine, one backend, a simulator and a WAF receiver. */
export interface E2eWorld {
  engine: PulumiEngine;
  sim: CxoneSimulator;
  waf: WafReceiver;
  signingSecret: string;
  dir: string;
  auditDir: string;
  /** All CLI output seen by the suite, for secret greps. */
  output: string[];
  /**
   * A stack of an example's project, in a temp copy of its directory (so that config writes
   * never touch the repository), pointed at the simulator and the receiver.
   */
  stack(
    example: string,
    projectName: string,
    stackName: string,
    program: PulumiFn,
    config?: ConfigMap,
    env?: Record<string, string>,
  ): Promise<Stack>;
}

/** Sets up an {@link E2eWorld} for the calling suite, and tears it down. */
export function useE2eWorld(): E2eWorld {
  const world = { output: [] as string[] } as unknown as E2eWorld;
  before(async function () {
    // The first build of the CLI takes minutes; later runs reuse the cache.
    this.timeout(30 * 60_000);
    world.engine = await pulumiEngine();
    world.dir = mkdtempSync(join(tmpdir(), "cxone-e2e-"));
    world.auditDir = join(world.dir, "audit");
    world.signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
    world.sim = await new CxoneSimulator().start();
    world.waf = await new WafReceiver({ secret: world.signingSecret }).start();
    world.stack = async (example, projectName, stackName, program, config = {}, env = {}) => {
      const source = EXAMPLE_DIRS[example];
      if (source === undefined) throw new Error(`no example ${example}`);
      const workDir = join(world.dir, "projects", `${example}-${stackName}`);
      mkdirSync(workDir, { recursive: true });
      // Only the stack's settings, and only once: later calls keep the config that tests set.
      // For an inline program, LocalWorkspace writes the project file itself.
      const stackFile = `Pulumi.${stackName}.yaml`;
      if (existsSync(join(source, stackFile)) && !existsSync(join(workDir, stackFile))) {
        copyFileSync(join(source, stackFile), join(workDir, stackFile));
      }
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, projectName, program },
        {
          workDir,
          pulumiCommand: world.engine.command,
          envVars: offlineEnv(world.engine, join(world.dir, "state"), {
            CXONE_AUDIT_DIR: world.auditDir,
            ...env,
          }),
        },
      );
      await stack.setAllConfig({
        "cxone:baseUrl": { value: world.sim.url },
        "cxone:clientId": { value: DEMO_CREDENTIALS.clientId },
        "cxone:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
        [`${projectName}:wafUrl`]: { value: world.waf.url },
        [`${projectName}:wafSigningSecret`]: { value: world.signingSecret, secret: true },
        ...config,
      });
      return stack;
    };
  });
  after(async () => {
    await world.sim?.stop();
    await world.waf?.stop();
    if (world.dir !== undefined) rmSync(world.dir, { recursive: true, force: true });
  });
  return world;
}

/**
 * `pulumi stack export` exactly as a user runs it (the Automation API's exportStack adds
 * --show-secrets, which decrypts).
 */
export function cliExport(world: E2eWorld, stack: Stack): string {
  const workspace = stack.workspace as LocalWorkspace;
  return execFileSync(world.engine.command.command, ["stack", "export", "--stack", stack.name], {
    cwd: workspace.workDir,
    env: { ...process.env, ...workspace.envVars },
    encoding: "utf8",
  });
}

/** Every file of the file backend, concatenated: the state as it sits on disk. */
export function backendFiles(world: E2eWorld): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else texts.push(readFileSync(path, "utf8"));
    }
  };
  walk(join(world.dir, "state", "backend"));
  return texts.join("\n");
}

/** Collects CLI output into the world's log. */
export function collect(world: E2eWorld): (text: string) => void {
  return (text) => world.output.push(text);
}
