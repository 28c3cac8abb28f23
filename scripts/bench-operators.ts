/**
 * `npm run bench -- --operators 3` (or `BENCH_OPERATORS=3 npm run bench`): several operators
 * sharing one tenant, each a `pulumi up --yes` of its own stack of 30 widgets in its own copy of
 * the repository (its own state and PULUMI_HOME, as on separate machines), all started together
 * against ONE simulator at 10 requests per second. From one run it prints, for 1 to N operators
 * and for one operator with 200 widgets: requests, 429s, failed operations, wall time against
 * the combined floor (all requests ÷ 10/s), with the simulator sending rate-limit headers and
 * without, and N operators in the `fixed` mode (each process assuming the whole limit is its
 * own) for comparison. Results go to bench-results/operators.json and one SVG per N-operator
 * run: requests per second of each operator, combined, against the limit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { SendRateMode } from "../provider/cxone/send-rate-modes";
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
  readonly mode: SendRateMode;
  readonly headers: RateLimitHeaderStyle;
  readonly operators: number;
  readonly widgets: number;
}

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
  readonly requests: number;
  readonly status429: number;
  readonly share429: number;
  readonly failed: number;
  readonly wallSeconds: number;
  readonly floorSeconds: number;
  readonly wallToFloor: number;
  /** From the first request to the last, against the floor: the pacing without CLI start-up. */
  readonly requestPhaseToFloor: number;
  /** As many `pulumi up`s of as many trivial dynamic resources, started together: the engine's
   * own wall time on this machine, which no provider can go below. */
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

/** The scenarios of one run with up to `operators` operators. */
export function operatorScenarios(operators: number, widgets: number, bigN: number): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const headers of ["ratelimit", "none"] as const) {
    for (let k = 1; k <= operators; k++)
      scenarios.push({ mode: "adaptive", headers, operators: k, widgets });
    scenarios.push({ mode: "adaptive", headers, operators: 1, widgets: bigN });
  }
  scenarios.push({ mode: "fixed", headers: "none", operators, widgets });
  return scenarios;
}

/** Runs every scenario, prints the table and writes bench-results/operators.*. */
export async function benchOperators(
  cli: PulumiCli,
  operators: number,
  { widgets = 30, bigN = 200 }: { widgets?: number; bigN?: number } = {},
): Promise<void> {
  console.log(
    `pulumi ${cli.version}; ${operators} operator(s) of ${widgets} widgets (and 1 of ${bigN}), ` +
      `each its own pulumi up, against one simulator at ${RATE} requests/s`,
  );
  const results: ScenarioResult[] = [];
  for (const scenario of operatorScenarios(operators, widgets, bigN)) {
    const result = await runScenario(cli, scenario);
    results.push(result);
    console.log(describe(result));
  }
  console.log(`\n${table(results)}`);
  const target = results.find(
    (r) => r.mode === "adaptive" && r.headers === "ratelimit" && r.operators === operators,
  );
  if (target !== undefined && operators === 3) {
    const ok = (pass: boolean) => (pass ? "met" : "NOT met");
    console.log(
      `target, 3 operators with rate-limit headers: 0 failed operations ${ok(target.failed === 0)}, ` +
        `429s ${(target.share429 * 100).toFixed(1)}% <= 5% ${ok(target.share429 <= 0.05)}, ` +
        `wall ${target.wallToFloor} x floor <= 1.25 ${ok(target.wallToFloor <= 1.25)} ` +
        `(${target.wallToFloorPlusEngine} x the floor plus ${target.engineSeconds} s, the engine's own wall time for ${operators} trivial ups)`,
    );
  }
  const out = join(REPO_ROOT, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "operators.json"),
    JSON.stringify({ cli: cli.version, rate: RATE, results }, null, 2),
  );
  const charts: string[] = [];
  for (const r of results.filter((r) => r.operators === operators && r.widgets === widgets)) {
    const file = join(out, `operators-${r.operators}-${r.mode}-${r.headers}.svg`);
    writeFileSync(file, chart(r));
    charts.push(file);
  }
  console.log(`results: ${join(out, "operators.json")}, charts: ${charts.join(", ")}`);
}

/** One run: a fresh simulator and fresh stacks, every `pulumi up` started at once. */
async function runScenario(cli: PulumiCli, scenario: Scenario): Promise<ScenarioResult> {
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
    await sleep(1_500); // the tenant's bucket is full when the run starts
    sim.clearLog();
    const started = Date.now();
    const ended = await Promise.all(stacks.map((stack) => upTimed(stack, started)));
    const created = await Promise.all(stacks.map((stack) => policiesInState(stack)));
    const engineSeconds = await engineWall(cli, dir, scenario);
    return summarize(scenario, sim, started, ended, created, engineSeconds);
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
 * scenario's widgets, in its own project and state, all started together.
 */
async function engineWall(cli: PulumiCli, dir: string, scenario: Scenario): Promise<number> {
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
  const started = Date.now();
  await Promise.all(stacks.map((stack) => stack.run(["up", "--yes"])));
  return (Date.now() - started) / 1000;
}

/** `pulumi up --yes` of one stack: its exit code, and when it ended after `started`. */
async function upTimed(
  stack: StackCli,
  started: number,
): Promise<{ code: number; seconds: number }> {
  const result = await stack.run(["up", "--yes"], { allowFailure: true, timeoutMs: 900_000 });
  const seconds = (Date.now() - started) / 1000;
  if (result.code !== 0) {
    const errors = result.output.split("\n").filter((l) => /error/i.test(l));
    console.log(
      `  ${stack.name}: pulumi up exited ${result.code}: ${errors.slice(0, 3).join(" | ")}`,
    );
  }
  return { code: result.code, seconds };
}

/** A run's figures from what the simulator saw and how each operator's up ended. */
function summarize(
  scenario: Scenario,
  sim: CxoneSimulator,
  started: number,
  ended: ReadonlyArray<{ code: number; seconds: number }>,
  created: readonly number[],
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
      failed: scenario.widgets - (created[i] ?? 0),
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

function label(r: Scenario): string {
  const headers = r.headers === "none" ? "no headers" : "RateLimit headers";
  return `${r.mode}, ${headers}, ${r.operators} x ${r.widgets} widgets`;
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
