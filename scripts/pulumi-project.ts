/**
 * The real `pulumi` CLI, run in a project directory the way a user types it. Shared by the demo,
 * the end-to-end tests and the benchmark. The CLI comes from scripts/pulumi-cli.sh: a standard
 * installation on PATH, or one built from Go modules and cached.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";

/** The repository root (this file runs from dist/scripts). */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** A Pulumi CLI with the Node.js language host and the dynamic-provider plugin beside it. */
export interface PulumiCli {
  /** The directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
  readonly binDir: string;
  /** What `pulumi version` prints, for example `v3.248.0`. */
  readonly version: string;
  /**
   * The analyzer plugin that runs `policy-pack/shim`, when the language host is the v3.68 one
   * scripts/pulumi-cli.sh builds: that host cannot run a Node.js policy pack (no RunPlugin).
   * {@link offlineEnv} installs it into each PULUMI_HOME. Undefined for a standard installation,
   * whose host runs `policy-pack` itself.
   */
  readonly policyShim?: string;
}

/** The analyzer plugin `policy-pack/shim` names, as scripts/pulumi-cli.sh installs it. */
const POLICY_SHIM = { name: "policy-nodejsshim", version: "1.0.0" } as const;

/**
 * Provides the CLI through scripts/pulumi-cli.sh, which builds it on first use and prints its
 * progress on stderr. Throws, saying why, when the script fails.
 */
export function pulumiCli(): PulumiCli {
  const result = spawnSync("bash", [join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(
      `scripts/pulumi-cli.sh failed with exit code ${result.status ?? result.signal}: the Pulumi CLI is not available`,
    );
  }
  const binDir = result.stdout.trim().split("\n").pop() ?? "";
  const version = spawnSync(join(binDir, "pulumi"), ["version"], { encoding: "utf8" });
  // The script stamps the language host it built with its version; a standard one has no stamp.
  const built = existsSync(join(binDir, "pulumi-language-nodejs.version"));
  const shim = join(REPO_ROOT, "policy-pack", "shim", `pulumi-analyzer-${POLICY_SHIM.name}`);
  return { binDir, version: version.stdout.trim(), ...(built ? { policyShim: shim } : {}) };
}

/** Options of {@link offlineEnv}. */
export interface OfflineEnvOptions {
  /**
   * Set no PULUMI_BACKEND_URL: the backend is the one `pulumi login` stores in PULUMI_HOME, as
   * for an operator logged in to a shared backend. @default false: a file backend under stateDir
   */
  readonly login?: boolean;
}

/**
 * The environment for offline runs: a file backend and a PULUMI_HOME under `stateDir`, no update
 * check, no plugin downloads, and the CLI's directory first on PATH. The PULUMI_HOME holds the
 * CLI's {@link PulumiCli.policyShim}, if it has one, so that `--policy-pack` works there too.
 */
export function offlineEnv(
  cli: PulumiCli,
  stateDir: string,
  options: OfflineEnvOptions = {},
): Record<string, string> {
  const backend = join(stateDir, "backend");
  const home = join(stateDir, "home");
  if (options.login !== true) mkdirSync(backend, { recursive: true });
  mkdirSync(home, { recursive: true });
  if (cli.policyShim !== undefined) {
    const args = ["plugin", "install", "analyzer", POLICY_SHIM.name, POLICY_SHIM.version];
    const install = spawnSync(join(cli.binDir, "pulumi"), [...args, "--file", cli.policyShim], {
      env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
      encoding: "utf8",
    });
    if (install.status !== 0)
      throw new Error(`\`${commandLine(args)}\` failed in ${home}:\n${install.stderr}`);
  }
  return {
    ...(options.login === true ? {} : { PULUMI_BACKEND_URL: `file://${backend}` }),
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${cli.binDir}:${process.env.PATH ?? ""}`,
  };
}

/**
 * A command line as a user would type it in a POSIX shell: arguments quoted where the shell
 * would otherwise change them, and secrets shown as `****`.
 */
export function commandLine(args: readonly string[], secrets: readonly string[] = []): string {
  const word = (a: string) => {
    if (secrets.includes(a)) return "****";
    return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
  };
  return ["pulumi", ...args].map((a, i) => (i === 0 ? a : word(a))).join(" ");
}

/** What one CLI command did. */
export interface CliResult {
  /** The command as a user would type it, secrets masked. */
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived: what the user saw. */
  readonly output: string;
}

/** A CLI command that exited non-zero, did not finish in time, or could not start. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly result: CliResult,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Options of {@link PulumiProject.run}. */
export interface RunOptions {
  /** Resolve with the result instead of throwing when the command exits non-zero. @default false */
  readonly allowFailure?: boolean;
  /** Text for the command's standard input. @default none (closed) */
  readonly input?: string;
  /** Arguments shown as `****` in {@link CliResult.command}. @default [] */
  readonly secretArgs?: readonly string[];
  /** Kill the command and fail after this long. @default 300000 */
  readonly timeoutMs?: number;
  /** Extra environment for this command only. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Start the CLI in a process group of its own, so that a test can kill it alone and later
   * reap what outlived it (`process.kill(-pid)`). @default false
   */
  readonly detached?: boolean;
  /** Told the CLI's process id once it has started. */
  readonly onSpawn?: (pid: number) => void;
}

/** A Pulumi project directory, and the environment its commands run with. */
export class PulumiProject {
  /** Every command's output, in order, for checks over everything the user saw. */
  readonly transcript: string[] = [];

  /**
   * @param echo called with each chunk of output as it arrives (the demo shows it live)
   */
  constructor(
    readonly cli: PulumiCli,
    readonly dir: string,
    readonly env: Readonly<Record<string, string>>,
    private readonly echo?: (text: string) => void,
  ) {}

  /**
   * Runs `pulumi <args>` in the project directory. Never blocks the event loop, so servers in
   * this process (the simulator, the WAF receiver) keep answering while the CLI runs.
   */
  run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const command = commandLine(args, options.secretArgs);
    const timeoutMs = options.timeoutMs ?? 300_000;
    return new Promise((resolvePromise, reject) => {
      const child = spawn(join(this.cli.binDir, "pulumi"), args, {
        cwd: this.dir,
        env: { ...process.env, ...this.env, ...options.env },
        stdio: ["pipe", "pipe", "pipe"],
        detached: options.detached === true,
      });
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
      let stdout = "";
      let stderr = "";
      let output = "";
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs);
      const take = (which: "stdout" | "stderr") => (chunk: Buffer) => {
        const text = chunk.toString("utf8");
        if (which === "stdout") stdout += text;
        else stderr += text;
        output += text;
        this.echo?.(text);
      };
      child.stdout.on("data", take("stdout"));
      child.stderr.on("data", take("stderr"));
      child.stdin.end(options.input ?? "");
      const finish = (code: number, failure?: string) => {
        clearTimeout(timer);
        const result: CliResult = { command, code, stdout, stderr, output };
        this.transcript.push(output);
        if (failure !== undefined) reject(new CliError(failure, result));
        else if (code !== 0 && options.allowFailure !== true) {
          reject(new CliError(`\`${command}\` exited with ${code}:\n${output.trim()}`, result));
        } else resolvePromise(result);
      };
      child.on("error", (error) => finish(-1, `\`${command}\` could not start: ${error.message}`));
      child.on("close", (code, signal) => {
        if (timedOut) finish(-1, `\`${command}\` did not finish within ${timeoutMs} ms`);
        else if (code === null) finish(-1, `\`${command}\` was killed by ${signal}`);
        else finish(code);
      });
    });
  }
}

/** One stack of a project, driven through the CLI with `--stack`. */
export class StackCli {
  constructor(
    readonly project: PulumiProject,
    readonly name: string,
  ) {}

  /** Creates the stack with `pulumi stack init`; settings already in its stack file are kept. */
  static async init(project: PulumiProject, name: string): Promise<StackCli> {
    await project.run(["stack", "init", name, "--color", "never"]);
    return new StackCli(project, name);
  }

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

  /**
   * Sets several keys in one `pulumi config set-all`: one start of the CLI instead of one per
   * key, which is most of a stack's set-up time in the end-to-end tests.
   */
  async setAll(
    plain: Readonly<Record<string, string>>,
    secret: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    const pairs = (flag: string, values: Readonly<Record<string, string>>) =>
      Object.entries(values).flatMap(([key, value]) => [flag, `${key}=${value}`]);
    await this.run(
      ["config", "set-all", ...pairs("--plaintext", plain), ...pairs("--secret", secret)],
      {
        secretArgs: Object.entries(secret).map(([key, value]) => `${key}=${value}`),
      },
    );
  }

  /**
   * The settings that point a stack at a simulated tenant: its base URL and the demo client
   * credentials, as {@link setAll} takes them.
   */
  static simulatorSettings(baseUrl: string) {
    return {
      plain: { "cxone:baseUrl": baseUrl, "cxone:clientId": DEMO_CREDENTIALS.clientId },
      secret: { "cxone:clientSecret": DEMO_CREDENTIALS.clientSecret },
    };
  }

  /** Points the stack at a simulated tenant: its base URL and the demo client credentials. */
  async useSimulator(baseUrl: string): Promise<void> {
    const { plain, secret } = StackCli.simulatorSettings(baseUrl);
    await this.setAll(plain, secret);
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
   * Copies the settings another stack's file (`Pulumi.<from>.yaml`) ships, such as the
   * quickstart's `dev`, into this stack's file; keys this stack has set already are kept.
   */
  copySettingsOf(from: string): void {
    const file = join(this.project.dir, `Pulumi.${from}.yaml`);
    const theirs = ((parseYaml(readFileSync(file, "utf8")) ?? {}) as { config?: object }).config;
    this.editStackFile((config) => {
      for (const [key, value] of Object.entries(theirs ?? {}))
        if (!(key in config)) config[key] = value;
    });
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
    // Plain lists, not YAML aliases: every widget shares the same origins array.
    writeFileSync(dataFile, toYaml({ widgets }, { aliasDuplicateObjects: false }));
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
 * A mirror of the repository under `dir` for the CLI to run in, and its path: copies of the
 * project and stack files (so that `pulumi config set` never writes to the repository), and
 * links to the compiled code, the installed packages, package.json and the policy pack (so that
 * programs, the serialized provider and the pack load exactly what the repository built). Each
 * example's project directory sits at the same relative path as in the repository.
 */
export function repoSandbox(dir: string): string {
  const root = join(dir, "repo");
  cpSync(join(REPO_ROOT, "examples"), join(root, "examples"), {
    recursive: true,
    filter: (source) => !source.endsWith(".ts"),
  });
  for (const file of readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..*ya?ml$/.test(f)))
    cpSync(join(REPO_ROOT, file), join(root, file));
  for (const link of ["dist", "node_modules", "package.json", "policy-pack"])
    symlinkSync(join(REPO_ROOT, link), join(root, link));
  return root;
}
