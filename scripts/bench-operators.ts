/**
 * `npm run bench -- --operators 3` (or `BENCH_OPERATORS=3 npm run bench`): several operators
 * sharing one tenant, each a `pulumi up --yes` of its own stack of 30 widgets in its own copy of
 * the repository (its own state and PULUMI_HOME, as on separate machines), all started together
 * against ONE simulator at 10 requests per second. From one run it prints, for 1 to N operators
 * and for one operator with 200 widgets: requests, 429s, failed operations, wall time against
 * the combined floor (all requests ÷ 10/s), with the simulator sending rate-limit headers and
 * without; N operators in the `fixed` mode (each process assuming the whole limit is its own)
 * for comparison; and N operators each running `up` of 20 widgets and then, all together again,
 * `destroy`, without headers. `--headers none` (or `ratelimit`) runs only the scenarios of that
 * header style. Results go to bench-results/operators.json and one SVG per N-operator run:
 * requests per second of each operator, combined, against the limit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { PacingMode } from "../provider/pacing/pacing-modes";
import {
  CxoneSimulator,
  DEMO_CREDENTIALS,
  type RateLimitHeaderStyle,
} from "../provider/simulator/cxone-simulator";
import { rateChart } from "./bench-chart";
import {
  offlineEnv,
  PulumiProject,
  REPO_ROOT,
  repoSandbox,
  StackCli,
  type PulumiCli,
} from "./pulumi-project";
import { trivialProject } from "./bench-project";

const RATE = 10;
const PROJECT = "cxone-webchat-many-widgets";

/** One run: how many operators, with how many widgets each, paced how, told what. */
interface Scenario {
  readonly mode: PacingMode;
  readonly headers: RateLimitHeaderStyle;
  readonly operators: number;
  readonly widgets: number;
  /** After the `up`s, every operator's `destroy`, started together too. @default false */
  readonly destroy?: boolean;
}

/** Which command of a scenario a result measures. */
type Command = "up" | "destroy";

/** The commands a scenario runs, in order. */
const commandsOf = (scenario: Scenario): readonly Command[] =>
  scenario.destroy === true ? ["up", "destroy"] : ["up"];

/** One operator's share of a run. */
interface OperatorResult {
  readonly requests: number;
  readonly status429: number;
  readonly failed: number;
  readonly exitCode: number;
  /** When its `pulumi up` ended, seconds after all were started. */
  readonly seconds: number;
  readonly firstRequestAt: number;
  readonly lastRequestAt: number;
  readonly perSecond: number[];
}

/** A run's figures, combined over its operators. */
interface ScenarioResult extends Scenario {
  readonly command: Command;
  readonly requests: number;
  readonly status429: number;
  readonly share429: number;
  readonly failed: number;
  readonly wallSeconds: number;
  readonly floorSeconds: number;
  readonly wallToFloor: number;
  /** From the first request to the last, against the floor: the pacing without CLI start-up. */
  readonly requestPhaseToFloor: number;
  /** As many `pulumi up`s (or `destroy`s) of as many trivial dynamic resources, started
   * together: the engine's own wall time on this machine, which no provider can go below. */
  readonly engineSeconds: number;
  /** Wall time against the floor plus the engine's own wall time. */
  readonly wallToFloorPlusEngine: number;
  readonly firstRequestAt: number;
  readonly perOperator: OperatorResult[];
  readonly perSecond: number[];
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const widgetId = (op: number, i: number) => `wc-op${op}-${String(i).padStart(3, "0")}`;
const OPERATOR_OF = /\/wc-op(\d+)-/;

/** Widgets per operator in the `up` and `destroy` scenario. */
const DESTROY_WIDGETS = 20;

/**
 * The scenarios of one run with up to `operators` operators, of the header styles given (both
 * by default).
 */
export function operatorScenarios(
  operators: number,
  widgets: number,
  bigN: number,
  styles: readonly RateLimitHeaderStyle[] = ["ratelimit", "none"],
): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const headers of styles) {
    for (let k = 1; k <= operators; k++)
      scenarios.push({ mode: "adaptive", headers, operators: k, widgets });
    scenarios.push({ mode: "adaptive", headers, operators: 1, widgets: bigN });
  }
  if (styles.includes("none")) {
    scenarios.push({
      mode: "adaptive",
      headers: "none",
      operators,
      widgets: DESTROY_WIDGETS,
      destroy: true,
    });
    scenarios.push({ mode: "fixed", headers: "none", operators, widgets });
  }
  return scenarios;
}

/** Runs every scenario, prints the table and writes bench-results/operators.*. */
export async function benchOperators(
  cli: PulumiCli,
  operators: number,
  {
    widgets = 30,
    bigN = 200,
    styles,
  }: { widgets?: number; bigN?: number; styles?: readonly RateLimitHeaderStyle[] } = {},
): Promise<void> {
  console.log(
    `pulumi ${cli.version}; ${operators} operator(s) of ${widgets} widgets (and 1 of ${bigN}), ` +
      `each its own pulumi up, against one simulator at ${RATE} requests/s`,
  );
  const results: ScenarioResult[] = [];
  for (const scenario of operatorScenarios(operators, widgets, bigN, styles)) {
    for (const result of await runScenario(cli, scenario)) {
      results.push(result);
      console.log(describe(result));
    }
  }
  console.log(`\n${table(results)}`);
  for (const line of targets(results, operators)) console.log(line);
  const out = join(REPO_ROOT, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "operators.json"),
    JSON.stringify({ cli: cli.version, rate: RATE, results }, null, 2),
  );
  const charts: string[] = [];
  for (const r of results.filter((r) => r.operators === operators)) {
    const file = join(
      out,
      `operators-${r.operators}x${r.widgets}-${r.mode}-${r.headers}-${r.command}.svg`,
    );
    writeFileSync(file, chart(r));
    charts.push(file);
  }
  console.log(`results: ${join(out, "operators.json")}, charts: ${charts.join(", ")}`);
}

/**
 * Issue 22's targets, without rate-limit headers (as CXone sends none): up to 4 operators at
 * once with at most 5% of requests answered 429, none failing, in at most 1.15 x (floor +
 * engine); one operator alone still at the limit (its request phase about 1.0 x the floor).
 */
export function targets(results: readonly ScenarioResult[], operators: number): string[] {
  const ok = (pass: boolean) => (pass ? "met" : "NOT met");
  const lines: string[] = [];
  for (const r of results) {
    if (r.mode !== "adaptive" || r.headers !== "none") continue;
    const what = `${r.operators} x ${r.widgets} ${r.command}`;
    if (r.operators === 1) {
      lines.push(
        `target, ${what} alone, no headers: request phase ${r.requestPhaseToFloor} x floor <= 1.1 ` +
          `${ok(r.requestPhaseToFloor <= 1.1)}`,
      );
    } else if (r.operators === operators) {
      lines.push(
        `target, ${what} at once, no headers: 0 failed ${ok(r.failed === 0)}, ` +
          `429s ${(r.share429 * 100).toFixed(1)}% <= 5% ${ok(r.share429 <= 0.05)}, ` +
          `wall ${r.wallToFloorPlusEngine} x (floor + engine ${r.engineSeconds} s) <= 1.15 ` +
          `${ok(r.wallToFloorPlusEngine <= 1.15)}`,
      );
    }
  }
  return lines;
}

/**
 * One run: a fresh simulator and fresh stacks, every `pulumi up` started at once (and then
 * every `destroy`, when the scenario says so).
 */
async function runScenario(cli: PulumiCli, scenario: Scenario): Promise<ScenarioResult[]> {
  const ops = Array.from({ length: scenario.operators }, (_, i) => i + 1);
  const sim = await new CxoneSimulator({
    rateLimitPerSecond: RATE,
    rateLimitHeaders: scenario.headers,
    widgets: ops.flatMap((op) =>
      Array.from({ length: scenario.widgets }, (_, i) => ({
        id: widgetId(op, i),
        name: `Operator ${op} widget ${i}`,
        settings: { greeting: "hi" },
      })),
    ),
  }).start();
  const dir = mkdtempSync(join(tmpdir(), "cxone-operators-"));
  try {
    const stacks = await Promise.all(
      ops.map((op) => operatorStack(cli, join(dir, `op${op}`), sim.url, scenario, op)),
    );
    const engine = await engineWall(cli, dir, scenario);
    const results: ScenarioResult[] = [];
    for (const command of commandsOf(scenario)) {
      await sleep(1_500); // the tenant's bucket is full when the run starts
      sim.clearLog();
      const started = Date.now();
      const ended = await Promise.all(stacks.map((stack) => timed(stack, command, started)));
      const inState = await Promise.all(stacks.map((stack) => policiesInState(stack)));
      // An up fails a policy that is missing from the state; a destroy, one still in it.
      const failed = inState.map((n) => (command === "up" ? scenario.widgets - n : n));
      results.push(
        summarize(scenario, command, sim, started, ended, failed, engine[command] ?? NaN),
      );
    }
    return results;
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Operator `op`'s stack in its own copy of the repository under `home`, as on its own machine. */
async function operatorStack(
  cli: PulumiCli,
  home: string,
  simUrl: string,
  scenario: Scenario,
  op: number,
): Promise<StackCli> {
  const root = repoSandbox(home);
  const env = {
    ...offlineEnv(cli, join(home, "state")),
    CXONE_AUDIT_DIR: join(home, "audit"),
    CXONE_BASE_URL: simUrl,
    CXONE_CLIENT_ID: DEMO_CREDENTIALS.clientId,
    CXONE_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
  };
  const project = new PulumiProject(cli, join(root, "examples", "many-widgets"), env);
  const stack = await StackCli.init(project, `op${op}`);
  const dataFile = join(home, "widgets.json");
  writeFileSync(
    dataFile,
    JSON.stringify({
      widgets: Array.from({ length: scenario.widgets }, (_, i) => ({
        widgetId: widgetId(op, i),
        corsOrigins: ["https://www.example.com"],
        authentication: { requireToken: false },
      })),
    }),
  );
  stack.editStackFile((config) => {
    config[`${PROJECT}:dataFile`] = dataFile;
    config["cxone:requestsPerSecond"] = String(RATE);
    config["cxone:rateMode"] = scenario.mode;
  });
  return stack;
}

/**
 * The wall time of one trivial `pulumi up` per operator, each of as many resources as the
 * scenario's widgets, in its own project and state, all started together; and of their
 * `destroy`s, started together too, when the scenario destroys.
 */
async function engineWall(
  cli: PulumiCli,
  dir: string,
  scenario: Scenario,
): Promise<Partial<Record<Command, number>>> {
  const stacks = await Promise.all(
    Array.from({ length: scenario.operators }, async (_, i) => {
      const root = join(dir, `op${i + 1}`, "repo");
      const env = offlineEnv(cli, join(dir, `trivial${i + 1}`, "state"));
      const project = new PulumiProject(cli, trivialProject(join(root, "bench-trivial")), env);
      const stack = await StackCli.init(project, "trivial");
      await stack.set("count", String(scenario.widgets));
      return stack;
    }),
  );
  const wall: Partial<Record<Command, number>> = {};
  for (const command of commandsOf(scenario)) {
    const started = Date.now();
    await Promise.all(stacks.map((stack) => stack.run([command, "--yes"])));
    wall[command] = (Date.now() - started) / 1000;
  }
  return wall;
}

/** `pulumi <command> --yes` of one stack: its exit code, and when it ended after `started`. */
async function timed(
  stack: StackCli,
  command: Command,
  started: number,
): Promise<{ code: number; seconds: number }> {
  const result = await stack.run([command, "--yes"], { allowFailure: true, timeoutMs: 900_000 });
  const seconds = (Date.now() - started) / 1000;
  if (result.code !== 0) {
    const errors = result.output.split("\n").filter((l) => /error/i.test(l));
    console.log(
      `  ${stack.name}: pulumi ${command} exited ${result.code}: ${errors.slice(0, 3).join(" | ")}`,
    );
  }
  return { code: result.code, seconds };
}

/** A run's figures from what the simulator saw and how each operator's command ended. */
function summarize(
  scenario: Scenario,
  command: Command,
  sim: CxoneSimulator,
  started: number,
  ended: ReadonlyArray<{ code: number; seconds: number }>,
  failed: readonly number[],
  engineSeconds: number,
): ScenarioResult {
  const wallSeconds = Math.max(...ended.map((e) => e.seconds));
  const seconds = Math.ceil(wallSeconds);
  const entries = sim.requests.map((r) => ({
    op: Number(OPERATOR_OF.exec(r.path)?.[1] ?? 0),
    second: (r.at - started) / 1000,
    status: r.status,
  }));
  const series = (op?: number) => {
    const perSecond = new Array<number>(seconds).fill(0);
    for (const e of entries) {
      if (op !== undefined && e.op !== op) continue;
      const at = Math.min(seconds - 1, Math.max(0, Math.floor(e.second)));
      perSecond[at] = (perSecond[at] ?? 0) + 1;
    }
    return perSecond;
  };
  const perOperator = ended.map((end, i): OperatorResult => {
    const mine = entries.filter((e) => e.op === i + 1);
    return {
      requests: mine.length,
      status429: mine.filter((e) => e.status === 429).length,
      failed: failed[i] ?? scenario.widgets,
      exitCode: end.code,
      seconds: round(end.seconds),
      firstRequestAt: round(Math.min(...mine.map((e) => e.second))),
      lastRequestAt: round(Math.max(...mine.map((e) => e.second))),
      perSecond: series(i + 1),
    };
  });
  const requests = entries.length;
  const status429 = entries.filter((e) => e.status === 429).length;
  const floorSeconds = requests / RATE;
  const firstRequestAt = Math.min(...entries.map((e) => e.second));
  const lastRequestAt = Math.max(...entries.map((e) => e.second));
  return {
    ...scenario,
    command,
    requests,
    status429,
    share429: round(status429 / requests, 4),
    failed: perOperator.reduce((sum, o) => sum + o.failed, 0),
    wallSeconds: round(wallSeconds),
    floorSeconds: round(floorSeconds),
    wallToFloor: round(wallSeconds / floorSeconds),
    requestPhaseToFloor: round((lastRequestAt - firstRequestAt) / floorSeconds),
    engineSeconds: round(engineSeconds),
    wallToFloorPlusEngine: round(wallSeconds / (floorSeconds + engineSeconds)),
    firstRequestAt: round(firstRequestAt),
    perOperator,
    perSecond: series(),
  };
}

/** Policies the stack's state holds: the creates that succeeded. */
async function policiesInState(stack: StackCli): Promise<number> {
  const exported = JSON.parse((await stack.run(["stack", "export"])).stdout) as {
    deployment: { resources?: Array<{ type: string }> };
  };
  return (exported.deployment.resources ?? []).filter((r) =>
    r.type.endsWith("WebchatSecurityPolicy"),
  ).length;
}

function label(r: ScenarioResult): string {
  const headers = r.headers === "none" ? "no headers" : "RateLimit headers";
  return `${r.mode}, ${headers}, ${r.operators} x ${r.widgets} widgets, ${r.command}`;
}

function describe(r: ScenarioResult): string {
  const each = r.perOperator
    .map(
      (o, i) =>
        `op${i + 1} ${o.requests} req, ${o.status429} x 429, ${o.failed} failed, ended ${o.seconds} s ` +
        `(requests ${o.firstRequestAt}-${o.lastRequestAt} s)`,
    )
    .join("; ");
  return (
    `${label(r)}: ${r.requests} requests, ${r.status429} x 429 (${(r.share429 * 100).toFixed(1)}%), ` +
    `${r.failed} failed, wall ${r.wallSeconds} s = ${r.wallToFloor} x the ${r.floorSeconds} s floor ` +
    `(first request at ${r.firstRequestAt} s; request phase ${r.requestPhaseToFloor} x floor; ` +
    `${r.wallToFloorPlusEngine} x floor + ${r.engineSeconds} s, the engine's own wall time); ${each}`
  );
}

/** The results as a fixed-width table, ratios first. */
function table(results: readonly ScenarioResult[]): string {
  const header = [
    "mode",
    "headers",
    "operators",
    "widgets",
    "command",
    "requests",
    "429s",
    "429 share",
    "failed",
    "wall s",
    "floor s",
    "wall/floor",
    "requests/floor",
    "engine s",
    "wall/(floor+engine)",
  ];
  const rows = results.map((r) => [
    r.mode,
    r.headers,
    String(r.operators),
    String(r.widgets),
    r.command,
    String(r.requests),
    String(r.status429),
    `${(r.share429 * 100).toFixed(1)}%`,
    String(r.failed),
    r.wallSeconds.toFixed(1),
    r.floorSeconds.toFixed(1),
    r.wallToFloor.toFixed(2),
    r.requestPhaseToFloor.toFixed(2),
    r.engineSeconds.toFixed(1),
    r.wallToFloorPlusEngine.toFixed(2),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

/** The run from the second before its first request: the CLI's start-up is in the table. */
function chart(r: ScenarioResult): string {
  const from = Math.max(0, Math.floor(r.firstRequestAt) - 1);
  return rateChart({
    title: `${label(r)}: ${r.status429} x 429 of ${r.requests}, wall ${r.wallToFloor} x floor`,
    series: [
      ...r.perOperator.map((o, i) => ({
        label: `operator ${i + 1}`,
        perSecond: o.perSecond.slice(from),
      })),
      { label: "combined", perSecond: r.perSecond.slice(from), color: "#111", bold: true },
    ],
    limit: RATE,
    xLabel: `seconds from ${from} s after the pulumi ups started`,
  });
}
