import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CxoneSimulator, type SimulatorOptions } from "../../provider/simulator/cxone-simulator";
import { WafReceiver, type WafReceiverOptions } from "../../provider/simulator/waf-receiver";
import {
  offlineEnv,
  pulumiCli,
  PulumiProject,
  repoSandbox,
  StackCli,
  type PulumiCli,
} from "../../scripts/pulumi-project";

/** The examples, by the directory of their Pulumi.yaml relative to the repository root. */
export const EXAMPLES = {
  quickstart: { dir: ".", project: "cxone-webchat-quickstart" },
  "multi-env": { dir: "examples/multi-env", project: "cxone-webchat-multi-env" },
  "stack-reference": { dir: "examples/stack-reference", project: "cxone-webchat-waf" },
  "many-widgets": { dir: "examples/many-widgets", project: "cxone-webchat-many-widgets" },
} as const;

/** An example's name. */
export type Example = keyof typeof EXAMPLES;

/**
 * The lines of the CLI's last "Resources:" summary, trimmed: for example `["+ 3 created"]` after
 * an up (which prints its preview's summary first), `["~ 1 to update", "2 unchanged"]` after a
 * preview.
 */
export function resourceSummary(output: string): string[] {
  const block = output.split(/^Resources:\s*$/m).at(-1) ?? "";
  const lines: string[] = [];
  for (const line of block.split("\n").slice(1)) {
    if (line.trim() === "") break;
    lines.push(line.trim().replace(/\s+/g, " "));
  }
  return lines;
}

/** Everything an end-to-end suite shares: the CLI, one backend, a simulator and a WAF receiver. */
export interface E2eWorld {
  cli: PulumiCli;
  sim: CxoneSimulator;
  waf: WafReceiver;
  signingSecret: string;
  /** The suite's temporary directory: the sandbox, the backend and PULUMI_HOME. */
  dir: string;
  auditDir: string;
  /**
   * A stack of an example, in the sandbox copy of its project directory. The first call
   * creates it with `pulumi stack init`, keeps the stack settings the example ships, and points
   * it at the simulator and the WAF receiver with `pulumi config set` (secrets with --secret).
   */
  stack(example: Example, stackName: string): Promise<StackCli>;
  /**
   * A stack of a project of the test's own: `Pulumi.yaml` and the JavaScript `program` (which
   * loads this package from `../../dist/provider`) in `scratch/<name>` of the sandbox, with the
   * same settings as {@link stack} gives. Written once per name.
   */
  scratch(name: string, program: string, stackName?: string): Promise<StackCli>;
  /** The output of every command the suite ran. */
  transcript(): string;
}

/** Sets up an {@link E2eWorld} for the calling suite, and tears it down. */
export function useE2eWorld(
  simulator: SimulatorOptions = {},
  waf: Omit<WafReceiverOptions, "secret"> = {},
): E2eWorld {
  const world = {} as E2eWorld;
  const projects = new Map<string, PulumiProject>();
  const stacks = new Map<string, StackCli>();
  let sandbox = "";
  before(async function () {
    // The first build of the CLI takes minutes; later runs reuse the cache.
    this.timeout(30 * 60_000);
    world.cli = pulumiCli();
    world.dir = mkdtempSync(join(tmpdir(), "cxone-e2e-"));
    sandbox = repoSandbox(world.dir);
    world.auditDir = join(world.dir, "audit");
    world.signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
    world.sim = await new CxoneSimulator(simulator).start();
    world.waf = await new WafReceiver({ ...waf, secret: world.signingSecret }).start();
    // One backend and PULUMI_HOME for every project of the suite, so the policy analyzer is
    // installed into it once rather than once a project.
    const env = {
      ...offlineEnv(world.cli, join(world.dir, "state")),
      CXONE_AUDIT_DIR: world.auditDir,
    };
    const projectIn = (key: string, dir: string) => {
      let project = projects.get(key);
      if (project === undefined) {
        project = new PulumiProject(world.cli, dir, env);
        projects.set(key, project);
      }
      return project;
    };
    const initStack = async (project: PulumiProject, name: string, stackName: string) => {
      const stack = await StackCli.init(project, stackName);
      // One `config set-all` rather than five `config set`s: each start of the CLI costs a second
      // or two, and the suites create dozens of stacks.
      const { plain, secret } = StackCli.simulatorSettings(world.sim.url);
      await stack.setAll(
        { ...plain, [`${name}:wafUrl`]: world.waf.url },
        { ...secret, [`${name}:wafSigningSecret`]: world.signingSecret },
      );
      return stack;
    };
    world.stack = async (example, stackName) => {
      const key = `${example}/${stackName}`;
      const known = stacks.get(key);
      if (known !== undefined) return known;
      const project = projectIn(example, join(sandbox, EXAMPLES[example].dir));
      const stack = await initStack(project, EXAMPLES[example].project, stackName);
      stacks.set(key, stack);
      return stack;
    };
    world.scratch = async (name, program, stackName = "dev") => {
      const key = `scratch/${name}/${stackName}`;
      const known = stacks.get(key);
      if (known !== undefined) return known;
      const dir = join(sandbox, "scratch", name);
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
        writeFileSync(join(dir, "index.js"), program);
      }
      const stack = await initStack(projectIn(`scratch/${name}`, dir), name, stackName);
      stacks.set(key, stack);
      return stack;
    };
    world.transcript = () => [...projects.values()].flatMap((p) => p.transcript).join("\n");
  });
  after(async () => {
    await world.sim?.stop();
    await world.waf?.stop();
    if (world.dir !== undefined) rmSync(world.dir, { recursive: true, force: true });
  });
  return world;
}

/** Every file of the suite's file backend, concatenated: the state as it sits on disk. */
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
