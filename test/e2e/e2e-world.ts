import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import {
  CxoneSimulator,
  DEMO_CREDENTIALS,
  type SimulatorOptions,
} from "../../provider/simulator/cxone-simulator";
import { WafReceiver } from "../../provider/simulator/waf-receiver";
import {
  offlineEnv,
  pulumiCli,
  PulumiProject,
  repoSandbox,
  type CliResult,
  type PulumiCli,
  type RunOptions,
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

/** One stack of an example, driven through the CLI with `--stack`. */
export class StackCli {
  constructor(
    readonly project: PulumiProject,
    readonly name: string,
  ) {}

  /** `pulumi <args> --stack <name> --color never`; the output is plain text to assert on. */
  run(args: readonly string[], options?: RunOptions): Promise<CliResult> {
    return this.project.run([...args, "--stack", this.name, "--color", "never"], options);
  }

  /** `pulumi config set` of a string, or with `--secret`. */
  async set(key: string, value: string, secret = false): Promise<void> {
    await this.run(["config", "set", ...(secret ? ["--secret"] : []), key, value], {
      secretArgs: secret ? [value] : [],
    });
  }

  /** `pulumi config set --path` of a structured value, one leaf at a time, as users type it. */
  async setObject(key: string, value: unknown): Promise<void> {
    await this.run(["config", "rm", key], { allowFailure: true });
    const leaves: Array<[string, string]> = [];
    const walk = (path: string, v: unknown) => {
      if (Array.isArray(v)) v.forEach((item, i) => walk(`${path}[${i}]`, item));
      else if (typeof v === "object" && v !== null)
        for (const [k, item] of Object.entries(v)) walk(`${path}.${k}`, item);
      else leaves.push([path, String(v)]);
    };
    walk(key, value);
    for (const [path, leaf] of leaves) await this.run(["config", "set", "--path", path, leaf]);
  }

  /**
   * Edits the stack's settings file, `Pulumi.<stack>.yaml`, as users do by hand: `edit` gets
   * its `config` map (full keys) to change in place. Comments are not kept.
   */
  editStackFile(edit: (config: Record<string, unknown>) => void): void {
    const file = join(this.project.dir, `Pulumi.${this.name}.yaml`);
    const settings = (parseYaml(readFileSync(file, "utf8")) ?? {}) as {
      config?: Record<string, unknown>;
    };
    settings.config ??= {};
    edit(settings.config);
    writeFileSync(file, toYaml(settings));
  }

  /**
   * Points a many-widgets stack at a data file of its own (in `dir`) that gives each widget
   * `corsOrigins` and no token requirement, with the tenant limited to `requestsPerSecond`.
   */
  async useWidgets(
    dir: string,
    widgetIds: readonly string[],
    corsOrigins: readonly string[],
    requestsPerSecond: number,
  ): Promise<void> {
    const dataFile = join(dir, `${this.name}-widgets.yaml`);
    const widgets = widgetIds.map((widgetId) => ({
      widgetId,
      corsOrigins,
      authentication: { requireToken: false },
    }));
    writeFileSync(dataFile, toYaml({ widgets }));
    await this.set("dataFile", dataFile);
    await this.set("cxone:requestsPerSecond", String(requestsPerSecond));
  }

  /** The stack's outputs, from `pulumi stack output --json` (secrets stay masked). */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.run(["stack", "output", "--json"]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }
}

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
  /** The output of every command the suite ran. */
  transcript(): string;
}

/** Sets up an {@link E2eWorld} for the calling suite, and tears it down. */
export function useE2eWorld(simulator: SimulatorOptions = {}): E2eWorld {
  const world = {} as E2eWorld;
  const projects = new Map<Example, PulumiProject>();
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
    world.waf = await new WafReceiver({ secret: world.signingSecret }).start();
    world.stack = async (example, stackName) => {
      const key = `${example}/${stackName}`;
      const known = stacks.get(key);
      if (known !== undefined) return known;
      let project = projects.get(example);
      if (project === undefined) {
        project = new PulumiProject(world.cli, join(sandbox, EXAMPLES[example].dir), {
          ...offlineEnv(world.cli, join(world.dir, "state")),
          CXONE_AUDIT_DIR: world.auditDir,
        });
        projects.set(example, project);
      }
      const stack = new StackCli(project, stackName);
      await project.run(["stack", "init", stackName, "--color", "never"]);
      const name = EXAMPLES[example].project;
      await stack.set("cxone:baseUrl", world.sim.url);
      await stack.set("cxone:clientId", DEMO_CREDENTIALS.clientId);
      await stack.set("cxone:clientSecret", DEMO_CREDENTIALS.clientSecret, true);
      await stack.set(`${name}:wafUrl`, world.waf.url);
      await stack.set(`${name}:wafSigningSecret`, world.signingSecret, true);
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
