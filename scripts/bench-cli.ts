/**
 * `npm run bench`: the provider measured the way users run it, with the real `pulumi` CLI in a
 * project directory (many-widgets, with the package installed from its tarball), against the
 * simulator at the tenant limit of 10 requests per second. Every figure comes from this one run;
 * ratios are what to read, since absolute times depend on the machine. Results go to
 * bench-results/ (ignored by git): bench.json and bench.svg (requests per second during each
 * deploy, against the 10/s line).
 *
 *   BENCH_SIZES=60,200,500 npm run bench     # default 60,200
 *   npm run bench -- --only overhead,layouts # some of: sizes, overhead, layouts (default all)
 *   npm run bench -- --cpu-prof              # also profiles the no-op previews (bench-results/profiles)
 *   npm run bench -- --operators 3          # or BENCH_OPERATORS=3: see bench-operators.ts
 *   npm run bench -- --operators 4 --headers none   # only the scenarios without headers
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  CxoneSimulator,
  RATE_LIMIT_HEADER_STYLES,
  type RateLimitHeaderStyle,
} from "../provider/simulator/cxone-simulator";
import { rateChart } from "./bench-chart";
import { benchOperators } from "./bench-operators";
import { installedManyWidgets, packedPackage, trivialProject } from "./bench-project";
import { packageLayouts, type Layout } from "./package-layouts";
import {
  offlineEnv,
  pulumiCli,
  PulumiProject,
  REPO_ROOT,
  StackCli,
  type PulumiCli,
} from "./pulumi-project";

const RATE = 10;
const SIZES = (process.env.BENCH_SIZES ?? "60,200").split(",").map(Number);
/** The no-op preview comparison: as many policies as trivial dynamic resources. */
const OVERHEAD_N = 60;
const OVERHEAD_ROUNDS = 5;
/** Policies per layout in the state-size comparison: bytes per policy do not depend on it. */
const LAYOUT_N = 10;
/** What one run measures (`--only`). */
const PARTS = ["sizes", "overhead", "layouts"] as const;
type Part = (typeof PARTS)[number];
const SAMPLE_MS = 250;
const GET = "GET /api/v2/webchat/widgets/{id}";
const PUT = "PUT /api/v2/webchat/widgets/{id}";
const TOKEN = "POST /oauth/token";

/** One CLI command's cost: wall time, the requests CXone saw, and their rate over time. */
interface Phase {
  readonly seconds: number;
  readonly requests: number;
  readonly byRoute: Record<string, number>;
  readonly status429: number;
  /** Requests per second in each second of the command. */
  readonly perSecond: number[];
  /** When the first and the last request reached CXone, in seconds into the command (to 0.25 s). */
  readonly firstRequestAt: number;
  readonly lastRequestAt: number;
}

/** What one benchmark run works with: the CLI, the simulator, the installed project. */
interface Bench {
  readonly cli: PulumiCli;
  readonly sim: CxoneSimulator;
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly policies: PulumiProject;
  /** A stack of trivial dynamic resources (its `count` config), the engine's own cost. */
  readonly trivial: StackCli;
}

const widgetId = (i: number) => `wc-bench-${String(i).padStart(3, "0")}`;
const widgetIds = (n: number) => Array.from({ length: n }, (_, i) => widgetId(i));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const route = (phase: Phase, key: string) => phase.byRoute[key] ?? 0;
const toFloor = (phase: Phase) => round(phase.seconds / (phase.requests / RATE));

const OPTIONS = {
  operators: { type: "string" },
  headers: { type: "string" },
  only: { type: "string" },
  "cpu-prof": { type: "boolean" },
} as const;

/** `--only sizes,overhead,layouts`: the parts to run, all by default. */
function partsOption(): Set<Part> {
  const { values } = parseArgs({ options: OPTIONS });
  if (values.only === undefined) return new Set(PARTS);
  const parts = values.only.split(",");
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`--only: "${unknown.join(",")}" is not among ${PARTS.join(", ")}`);
  return new Set(parts as Part[]);
}

/**
 * `--operators N` or BENCH_OPERATORS=N: the shared-tenant benchmark instead of the sizes;
 * `--headers none` or `ratelimit` (or BENCH_HEADERS): only its scenarios of that header style.
 */
function operatorsOptions(): { operators?: number; styles?: RateLimitHeaderStyle[] } {
  const { values } = parseArgs({ options: OPTIONS });
  const text = values.operators ?? process.env.BENCH_OPERATORS;
  const style = values.headers ?? process.env.BENCH_HEADERS;
  const chosen = RATE_LIMIT_HEADER_STYLES.find((s) => s === style && s !== "x-ratelimit");
  if (style !== undefined && chosen === undefined)
    throw new Error(`--headers: "${style}" is not a header style: use "none" or "ratelimit"`);
  if (text === undefined) {
    if (style !== undefined) throw new Error(`--headers: "${style}" needs --operators`);
    return {};
  }
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 8)
    throw new Error(`--operators: "${text}" is not a whole number of operators from 1 to 8`);
  return {
    operators: n,
    ...(chosen === undefined ? {} : { styles: [chosen] }),
  };
}

/** Per-second request counts from cumulative samples taken every SAMPLE_MS. */
function perSecondOf(samples: readonly number[]): number[] {
  const perSecond: number[] = [];
  const per = 1000 / SAMPLE_MS;
  for (let i = per; i < samples.length + per; i += per) {
    const end = samples[Math.min(i, samples.length) - 1] ?? 0;
    const start = i === per ? 0 : (samples[i - per - 1] ?? 0);
    perSecond.push(end - start);
  }
  return perSecond;
}

/** Runs `run`, counting what CXone saw and sampling the request rate. */
async function measure(sim: CxoneSimulator, run: () => Promise<unknown>): Promise<Phase> {
  sim.clearLog();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(sim.requests.length), SAMPLE_MS);
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  samples.push(sim.requests.length);
  const counters = sim.counters();
  const firstSample = samples.findIndex((count) => count > 0);
  const lastSample = samples.findIndex((count) => count === counters.total);
  return {
    firstRequestAt: firstSample < 0 ? 0 : ((firstSample + 1) * SAMPLE_MS) / 1000,
    lastRequestAt: lastSample < 0 ? 0 : ((lastSample + 1) * SAMPLE_MS) / 1000,
    seconds: round(seconds),
    requests: counters.total,
    byRoute: counters.byRoute,
    status429: counters.byStatus["429"] ?? 0,
    perSecond: perSecondOf(samples),
  };
}

/** A many-widgets stack of `n` policies, aimed at the simulator at the tenant limit. */
async function policyStack(bench: Bench, name: string, n: number): Promise<StackCli> {
  const stack = await StackCli.init(bench.policies, name);
  await stack.useSimulator(bench.sim.url);
  await stack.useWidgets(bench.dir, widgetIds(n), ["https://www.example.com"], RATE);
  return stack;
}

/**
 * The policies' share of `stack export`: bytes per policy, the serialized provider's bytes per
 * policy (it is stored twice, with the inputs and the outputs), and its share.
 */
async function stateFootprint(stack: StackCli, n: number) {
  const exported = JSON.parse((await stack.run(["stack", "export"])).stdout) as {
    deployment: { resources: Array<Record<string, unknown> & { type: string }> };
  };
  const policyResources = exported.deployment.resources.filter((r) =>
    r.type.endsWith("WebchatSecurityPolicy"),
  );
  const stateBytes = policyResources.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
  const providerBytes = policyResources.reduce((sum, r) => {
    const inputs = r.inputs as { __provider?: string } | undefined;
    const outputs = r.outputs as { __provider?: string } | undefined;
    return sum + (inputs?.__provider?.length ?? 0) + (outputs?.__provider?.length ?? 0);
  }, 0);
  return {
    bytesPerPolicy: Math.round(stateBytes / n),
    providerBytesPerPolicy: Math.round(providerBytes / n),
    serializedProviderShare: round(providerBytes / stateBytes),
  };
}

/** One size: create, no-op preview, update, refresh, destroy, and create without preview. */
async function benchSize(bench: Bench, n: number) {
  const run = (phase: () => Promise<unknown>) => measure(bench.sim, phase);
  const stack = await policyStack(bench, `bench-${n}`, n);
  const create = await run(() => stack.run(["up", "--yes"]));
  const noop = await run(() => stack.run(["preview", "--expect-no-changes"]));
  await stack.useWidgets(bench.dir, widgetIds(n), ["https://shop.example.com"], RATE);
  const update = await run(() => stack.run(["up", "--yes"]));
  // `refresh --yes` reads every resource twice: once in its preview, once in the refresh
  // (two provider processes, so two tokens too). --skip-preview reads once.
  const refreshWithPreview = await run(() => stack.run(["refresh", "--yes"]));
  const refresh = await run(() => stack.run(["refresh", "--yes", "--skip-preview"]));
  const state = await stateFootprint(stack, n);
  const destroy = await run(() => stack.run(["destroy", "--yes"]));
  // The same deploy without the preview that `up` runs first: what that preview costs.
  await stack.useWidgets(bench.dir, widgetIds(n), ["https://www.example.com"], RATE);
  const createSkipPreview = await run(() => stack.run(["up", "--yes", "--skip-preview"]));
  await stack.run(["destroy", "--yes", "--skip-preview"]);
  await stack.run(["stack", "rm", "--yes"]);
  // The engine's own cost of an up of n creates, beside it: what no provider can go below.
  await bench.trivial.set("count", String(n));
  const trivialUp = await run(() => bench.trivial.run(["up", "--yes"]));
  await bench.trivial.run(["destroy", "--yes"]);
  const perWidget = (phase: Phase) => round((route(phase, GET) + route(phase, PUT)) / n);
  return {
    n,
    deploy: {
      seconds: create.seconds,
      requests: create.requests,
      floorSeconds: create.requests / RATE,
      ratioToFloor: toFloor(create),
      status429: create.status429,
      secondsPerWidget: round(create.seconds / n, 3),
      firstRequestAt: create.firstRequestAt,
      lastRequestAt: create.lastRequestAt,
      perSecond: create.perSecond,
      trivialUpSeconds: trivialUp.seconds,
      /** Against the rate floor plus the engine's own up of as many trivial resources. */
      ratioToFloorPlusEngine: round(create.seconds / (create.requests / RATE + trivialUp.seconds)),
      skipPreview: {
        seconds: createSkipPreview.seconds,
        ratioToFloor: toFloor(createSkipPreview),
        firstRequestAt: createSkipPreview.firstRequestAt,
      },
    },
    requestsPerOperation: {
      create: perWidget(create),
      update: perWidget(update),
      refresh: round(route(refresh, GET) / n),
      refreshWithPreview: round(route(refreshWithPreview, GET) / n),
      delete: perWidget(destroy),
      tokensPerRun: Math.max(...[create, update, refresh, destroy].map((p) => route(p, TOKEN))),
      tokensRefreshWithPreview: route(refreshWithPreview, TOKEN),
      noopPreview: noop.requests,
    },
    update: {
      seconds: update.seconds,
      ratioToFloor: toFloor(update),
      ratioToFloorPlusEngine: round(update.seconds / (update.requests / RATE + trivialUp.seconds)),
      status429: update.status429,
    },
    state,
  };
}

type SizeResult = Awaited<ReturnType<typeof benchSize>>;

function describeSize(r: SizeResult): string {
  const d = r.deploy;
  const ops = r.requestsPerOperation;
  return (
    `N=${r.n}: up ${d.seconds} s for ${d.requests} requests = ${d.ratioToFloor} x the ${d.floorSeconds} s floor, ` +
    `${d.status429} x 429 (first request at ${d.firstRequestAt} s, last at ${d.lastRequestAt} s); ` +
    `${d.ratioToFloorPlusEngine} x (floor + ${d.trivialUpSeconds} s, an up of ${r.n} trivial dynamic resources); ` +
    `up --skip-preview ${d.skipPreview.seconds} s = ${d.skipPreview.ratioToFloor} x floor ` +
    `(first request at ${d.skipPreview.firstRequestAt} s); per widget: create ${ops.create}, update ${ops.update}, ` +
    `refresh --skip-preview ${ops.refresh} (with its preview ${ops.refreshWithPreview}), delete ${ops.delete} requests, ` +
    `${ops.tokensPerRun} token per run (refresh with its preview ${ops.tokensRefreshWithPreview}), no-op preview ${ops.noopPreview}; ` +
    `update ${r.update.seconds} s (${r.update.ratioToFloor} x floor, ${r.update.ratioToFloorPlusEngine} x floor + engine, ${r.update.status429} x 429); ` +
    `state ${r.state.bytesPerPolicy} B per policy, ${Math.round(r.state.serializedProviderShare * 100)}% serialized provider`
  );
}

/** The trivial project inside the installed project, so that it finds the same @pulumi/pulumi. */
async function trivialStack(cli: PulumiCli, parent: string, env: Readonly<Record<string, string>>) {
  const dir = trivialProject(join(parent, "bench-trivial"));
  return StackCli.init(new PulumiProject(cli, dir, env), "trivial");
}

/** Engine overhead: no-op previews of policies and of as many trivial dynamic resources,
 * alternated so that both see the same machine. */
async function benchOverhead(bench: Bench, profileDir?: string) {
  const policy = await policyStack(bench, "overhead", OVERHEAD_N);
  await policy.run(["up", "--yes"]);
  const trivial = bench.trivial;
  await trivial.set("count", String(OVERHEAD_N));
  await trivial.run(["up", "--yes"]);
  const timesPolicy: number[] = [];
  const timesTrivial: number[] = [];
  let requests = 0;
  for (let i = 0; i < OVERHEAD_ROUNDS; i++) {
    const p = await measure(bench.sim, () => policy.run(["preview", "--expect-no-changes"]));
    requests += p.requests;
    timesPolicy.push(p.seconds);
    const t = await measure(bench.sim, () => trivial.run(["preview", "--expect-no-changes"]));
    timesTrivial.push(t.seconds);
  }
  if (profileDir !== undefined) {
    // One more preview of each, every Node.js process profiled: the program and the provider.
    for (const [name, stack] of [
      ["policies", policy],
      ["trivial", trivial],
    ] as const) {
      const dir = join(profileDir, name);
      mkdirSync(dir, { recursive: true });
      await stack.run(["preview", "--expect-no-changes"], {
        env: {
          NODE_OPTIONS: `--require=${join(__dirname, "cpu-profile-preload.js")}`,
          BENCH_CPU_PROF_DIR: dir,
        },
      });
      console.log(`profiles of a no-op preview of ${name}: ${readdirSync(dir).length} in ${dir}`);
    }
  }
  await policy.run(["destroy", "--yes"]);
  await trivial.run(["destroy", "--yes"]);
  const overhead = {
    n: OVERHEAD_N,
    policySeconds: median(timesPolicy),
    trivialSeconds: median(timesTrivial),
    ratio: round(median(timesPolicy) / median(timesTrivial)),
    requests,
  };
  console.log(
    `no-op preview of ${OVERHEAD_N} policies: ${overhead.policySeconds} s, of ${OVERHEAD_N} trivial dynamic resources: ` +
      `${overhead.trivialSeconds} s (medians of ${OVERHEAD_ROUNDS}, alternated): ratio ${overhead.ratio}, ${requests} requests`,
  );
  return overhead;
}

/**
 * State per policy in each way a project can get the package (see package-layouts.ts): an up of
 * LAYOUT_N policies in each layout's project, its `stack export` measured, then destroyed.
 */
async function benchLayouts(bench: Bench, tarball: string) {
  const results: Array<{ layout: Layout } & Awaited<ReturnType<typeof stateFootprint>>> = [];
  for (const project of packageLayouts(join(bench.dir, "layouts"), tarball)) {
    // One stack name for all, so that their claims on the widgets are as long.
    const stack = await StackCli.init(
      new PulumiProject(bench.cli, project.dir, bench.env),
      "layout",
    );
    await stack.useSimulator(bench.sim.url);
    await stack.useWidgets(bench.dir, widgetIds(LAYOUT_N), ["https://www.example.com"], RATE);
    await stack.run(["up", "--yes", "--skip-preview"]);
    const state = await stateFootprint(stack, LAYOUT_N);
    await stack.run(["destroy", "--yes", "--skip-preview"]);
    await stack.run(["stack", "rm", "--yes"]);
    results.push({ layout: project.layout, ...state });
    console.log(
      `state with the package ${project.layout}: ${state.bytesPerPolicy} B per policy, ` +
        `${state.providerBytesPerPolicy} B of it the serialized provider (inputs and outputs)`,
    );
  }
  return results;
}

type LayoutResult = Awaited<ReturnType<typeof benchLayouts>>[number];

/** The targets, each with the figure measured in this run and whether it is met. */
function targets(
  sizes: readonly SizeResult[],
  overhead: { ratio: number } | undefined,
  layouts: readonly LayoutResult[],
): string {
  const ok = (pass: boolean) => (pass ? "met" : "NOT met");
  const at60 = sizes.find((r) => r.n === 60);
  const lines: string[] = [];
  if (overhead !== undefined)
    lines.push(
      `target: no-op preview <= 1.2 x trivial: ${overhead.ratio} ${ok(overhead.ratio <= 1.2)}`,
    );
  for (const l of layouts)
    lines.push(
      `target: state <= 4096 B per policy, package ${l.layout}: ${l.bytesPerPolicy} ${ok(l.bytesPerPolicy <= 4096)}`,
    );
  if (at60 !== undefined) {
    const { deploy, update, state } = at60;
    lines.push(
      `target: state <= 4096 B per policy (60 policies): ${state.bytesPerPolicy} ${ok(state.bytesPerPolicy <= 4096)}`,
      `target: up of 60 <= 1.25 x floor: ${deploy.ratioToFloor} ${ok(deploy.ratioToFloor <= 1.25)} ` +
        `(${deploy.ratioToFloorPlusEngine} x floor plus the engine's own up)`,
      `target: update of 60 <= 1.25 x floor: ${update.ratioToFloor} ${ok(update.ratioToFloor <= 1.25)} ` +
        `(${update.ratioToFloorPlusEngine} x floor plus the engine's own up)`,
    );
  }
  return lines.join("\n");
}

/** bench-results/bench.json and bench.svg. */
function writeResults(
  cli: PulumiCli,
  sizes: readonly SizeResult[],
  overhead: Awaited<ReturnType<typeof benchOverhead>> | undefined,
  layouts: readonly LayoutResult[],
): void {
  const out = join(REPO_ROOT, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "bench.json"),
    JSON.stringify({ cli: cli.version, rate: RATE, sizes, overhead, layouts }, null, 2),
  );
  if (sizes.length > 0)
    writeFileSync(
      join(out, "bench.svg"),
      rateChart({
        series: sizes.map((r) => ({ label: `N = ${r.n}`, perSecond: r.deploy.perSecond })),
        limit: RATE,
        xLabel: "seconds into pulumi up",
      }),
    );
  console.log(`results: ${join(out, "bench.json")}, chart: ${join(out, "bench.svg")}`);
}

async function main(): Promise<void> {
  const { operators, styles } = operatorsOptions();
  const parts = partsOption();
  const { values } = parseArgs({ options: OPTIONS });
  const cli = pulumiCli();
  if (operators !== undefined)
    return benchOperators(cli, operators, styles === undefined ? {} : { styles });
  const dir = mkdtempSync(join(tmpdir(), "cxone-bench-"));
  const sim = await new CxoneSimulator({
    rateLimitPerSecond: RATE,
    widgets: widgetIds(Math.max(...SIZES, OVERHEAD_N)).map((id, i) => ({
      id,
      name: `Bench ${i}`,
      settings: { greeting: "hi" },
    })),
  }).start();
  try {
    // Users install the package from npm: so does the benchmark (see bench-project.ts).
    const tarball = packedPackage(dir);
    const env = { ...offlineEnv(cli, join(dir, "state")), CXONE_AUDIT_DIR: join(dir, "audit") };
    const policies = new PulumiProject(
      cli,
      installedManyWidgets(join(dir, "many-widgets"), tarball),
      env,
    );
    const trivial = await trivialStack(cli, policies.dir, env);
    const bench: Bench = { cli, sim, dir, env, policies, trivial };
    console.log(`pulumi ${cli.version}; simulator and provider limited to ${RATE} requests/s`);
    const sizes: SizeResult[] = [];
    for (const n of parts.has("sizes") ? SIZES : []) {
      const result = await benchSize(bench, n);
      console.log(describeSize(result));
      sizes.push(result);
    }
    const profiles = values["cpu-prof"] === true ? join(dir, "profiles") : undefined;
    const overhead = parts.has("overhead") ? await benchOverhead(bench, profiles) : undefined;
    const layouts = parts.has("layouts") ? await benchLayouts(bench, tarball) : [];
    console.log(targets(sizes, overhead, layouts));
    writeResults(cli, sizes, overhead, layouts);
    if (profiles !== undefined) {
      const kept = join(REPO_ROOT, "bench-results", "profiles");
      rmSync(kept, { recursive: true, force: true });
      cpSync(profiles, kept, { recursive: true });
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
