/**
 * `npm run bench`: the provider measured the way users run it, with the real `pulumi` CLI in a
 * project directory (many-widgets), against the simulator at the tenant limit of 10 requests per
 * second. Every figure comes from this one run; ratios are what to read, since absolute times
 * depend on the machine. Results go to bench-results/ (ignored by git): bench.json and
 * bench.svg (requests per second during each deploy, against the 10/s line).
 *
 *   BENCH_SIZES=60,200,500 npm run bench     # default 60,200
 *   npm run bench -- --operators 3          # or BENCH_OPERATORS=3: see bench-operators.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";
import { rateChart } from "./bench-chart";
import { benchOperators } from "./bench-operators";
import { installedManyWidgets, packedPackage } from "./bench-project";
import { offlineEnv, pulumiCli, PulumiProject, REPO_ROOT, StackCli } from "./pulumi-project";

const RATE = 10;
const SIZES = (process.env.BENCH_SIZES ?? "60,200").split(",").map(Number);
const OVERHEAD_N = 100;
const OVERHEAD_ROUNDS = 3;
const SAMPLE_MS = 250;

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

const widgetId = (i: number) => `wc-bench-${String(i).padStart(3, "0")}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** `--operators N` or BENCH_OPERATORS=N: the shared-tenant benchmark instead of the sizes. */
function operatorsOption(): number | undefined {
  const { values } = parseArgs({ options: { operators: { type: "string" } } });
  const text = values.operators ?? process.env.BENCH_OPERATORS;
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 8)
    throw new Error(`--operators: "${text}" is not a whole number of operators from 1 to 8`);
  return n;
}

async function main(): Promise<void> {
  const operators = operatorsOption();
  const cli = pulumiCli();
  if (operators !== undefined) return benchOperators(cli, operators);
  const dir = mkdtempSync(join(tmpdir(), "cxone-bench-"));
  const maxN = Math.max(...SIZES, OVERHEAD_N);
  const sim = await new CxoneSimulator({
    rateLimitPerSecond: RATE,
    widgets: Array.from({ length: maxN }, (_, i) => ({
      id: widgetId(i),
      name: `Bench ${i}`,
      settings: { greeting: "hi" },
    })),
  }).start();
  // Users install the package from npm: so does the benchmark (see bench-project.ts).
  const tarball = packedPackage(dir);
  const env = { ...offlineEnv(cli, join(dir, "state")), CXONE_AUDIT_DIR: join(dir, "audit") };
  const policies = new PulumiProject(
    cli,
    installedManyWidgets(join(dir, "many-widgets"), tarball),
    env,
  );

  /** Runs `run`, counting what CXone saw and sampling the request rate. */
  const measure = async (run: () => Promise<unknown>): Promise<Phase> => {
    sim.clearLog();
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(sim.requests.length), SAMPLE_MS);
    const started = performance.now();
    await run();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    samples.push(sim.requests.length);
    const perSecond: number[] = [];
    const per = 1000 / SAMPLE_MS;
    for (let i = per; i < samples.length + per; i += per) {
      const end = samples[Math.min(i, samples.length) - 1] ?? 0;
      const start = i === per ? 0 : (samples[i - per - 1] ?? 0);
      perSecond.push(end - start);
    }
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
      perSecond,
    };
  };

  const widgetIds = (n: number) => Array.from({ length: n }, (_, i) => widgetId(i));
  /** A many-widgets stack of `n` policies, aimed at the simulator at the tenant limit. */
  const policyStack = async (name: string, n: number) => {
    const stack = await StackCli.init(policies, name);
    await stack.set("cxone:baseUrl", sim.url);
    await stack.set("cxone:clientId", DEMO_CREDENTIALS.clientId);
    await stack.set("cxone:clientSecret", DEMO_CREDENTIALS.clientSecret, true);
    await stack.useWidgets(dir, widgetIds(n), ["https://www.example.com"], RATE);
    return stack;
  };
  const route = (phase: Phase, key: string) => phase.byRoute[key] ?? 0;
  const GET = "GET /api/v2/webchat/widgets/{id}";
  const PUT = "PUT /api/v2/webchat/widgets/{id}";
  const TOKEN = "POST /oauth/token";

  const results: Record<string, unknown>[] = [];
  const charts: Array<{ n: number; perSecond: number[] }> = [];
  try {
    console.log(`pulumi ${cli.version}; simulator and provider limited to ${RATE} requests/s`);
    for (const n of SIZES) {
      const stack = await policyStack(`bench-${n}`, n);
      const create = await measure(() => stack.run(["up", "--yes"]));
      const noop = await measure(() => stack.run(["preview", "--expect-no-changes"]));
      await stack.useWidgets(dir, widgetIds(n), ["https://shop.example.com"], RATE);
      const update = await measure(() => stack.run(["up", "--yes"]));
      // `refresh --yes` reads every resource twice: once in its preview, once in the refresh
      // (two provider processes, so two tokens too). --skip-preview reads once.
      const refreshWithPreview = await measure(() => stack.run(["refresh", "--yes"]));
      const refresh = await measure(() => stack.run(["refresh", "--yes", "--skip-preview"]));
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
      const destroy = await measure(() => stack.run(["destroy", "--yes"]));
      // The same deploy without the preview that `up` runs first: what the CLI's own preview
      // phase costs.
      await stack.useWidgets(dir, widgetIds(n), ["https://www.example.com"], RATE);
      const createSkipPreview = await measure(() => stack.run(["up", "--yes", "--skip-preview"]));
      await stack.run(["destroy", "--yes", "--skip-preview"]);
      await stack.run(["stack", "rm", "--yes"]);
      charts.push({ n, perSecond: create.perSecond });
      const floor = create.requests / RATE;
      const result = {
        n,
        deploy: {
          seconds: create.seconds,
          requests: create.requests,
          floorSeconds: floor,
          ratioToFloor: round(create.seconds / floor),
          status429: create.status429,
          secondsPerWidget: round(create.seconds / n, 3),
          firstRequestAt: create.firstRequestAt,
          lastRequestAt: create.lastRequestAt,
          skipPreview: {
            seconds: createSkipPreview.seconds,
            ratioToFloor: round(createSkipPreview.seconds / (createSkipPreview.requests / RATE)),
            firstRequestAt: createSkipPreview.firstRequestAt,
            lastRequestAt: createSkipPreview.lastRequestAt,
          },
        },
        requestsPerOperation: {
          create: round((route(create, GET) + route(create, PUT)) / n),
          update: round((route(update, GET) + route(update, PUT)) / n),
          refresh: round(route(refresh, GET) / n),
          refreshWithPreview: round(route(refreshWithPreview, GET) / n),
          delete: round((route(destroy, GET) + route(destroy, PUT)) / n),
          tokensPerRun: Math.max(...[create, update, refresh, destroy].map((p) => route(p, TOKEN))),
          tokensRefreshWithPreview: route(refreshWithPreview, TOKEN),
          noopPreview: noop.requests,
        },
        update: {
          seconds: update.seconds,
          ratioToFloor: round(update.seconds / (update.requests / RATE)),
        },
        state: {
          bytesPerPolicy: Math.round(stateBytes / n),
          serializedProviderShare: round(providerBytes / stateBytes),
        },
      };
      results.push(result);
      console.log(
        `N=${n}: up ${create.seconds} s for ${create.requests} requests = ${result.deploy.ratioToFloor} x the ${floor} s floor, ` +
          `${create.status429} x 429 (first request at ${create.firstRequestAt} s, last at ${create.lastRequestAt} s); ` +
          `up --skip-preview ${createSkipPreview.seconds} s = ${result.deploy.skipPreview.ratioToFloor} x floor ` +
          `(first request at ${createSkipPreview.firstRequestAt} s); per widget: create ${result.requestsPerOperation.create}, update ${result.requestsPerOperation.update}, ` +
          `refresh --skip-preview ${result.requestsPerOperation.refresh} (with its preview ${result.requestsPerOperation.refreshWithPreview}), delete ${result.requestsPerOperation.delete} requests, ` +
          `${result.requestsPerOperation.tokensPerRun} token per run (refresh with its preview ${result.requestsPerOperation.tokensRefreshWithPreview}), no-op preview ${noop.requests}; ` +
          `update ${update.seconds} s (${result.update.ratioToFloor} x floor); ` +
          `state ${result.state.bytesPerPolicy} B per policy, ${Math.round(result.state.serializedProviderShare * 100)}% serialized provider`,
      );
    }

    // Engine overhead: no-op previews of 100 policies and of 100 trivial dynamic resources,
    // alternated so that both see the same machine.
    const policy = await policyStack("overhead", OVERHEAD_N);
    await policy.run(["up", "--yes"]);
    // Inside the installed project, so that it finds the same @pulumi/pulumi.
    const trivialDir = join(dir, "many-widgets", "bench-trivial");
    mkdirSync(trivialDir);
    writeFileSync(
      join(trivialDir, "Pulumi.yaml"),
      "name: bench-trivial\nruntime: nodejs\nmain: index.js\n",
    );
    writeFileSync(
      join(trivialDir, "index.js"),
      `const pulumi = require("@pulumi/pulumi");
const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
for (let i = 0; i < ${OVERHEAD_N}; i++) new pulumi.dynamic.Resource(provider, "r" + i, { name: "r" + i });
`,
    );
    const trivial = await StackCli.init(new PulumiProject(cli, trivialDir, env), "trivial");
    await trivial.run(["up", "--yes"]);
    const timesPolicy: number[] = [];
    const timesTrivial: number[] = [];
    let previewRequests = 0;
    for (let i = 0; i < OVERHEAD_ROUNDS; i++) {
      const p = await measure(() => policy.run(["preview", "--expect-no-changes"]));
      previewRequests += p.requests;
      timesPolicy.push(p.seconds);
      timesTrivial.push(
        (await measure(() => trivial.run(["preview", "--expect-no-changes"]))).seconds,
      );
    }
    await policy.run(["destroy", "--yes"]);
    const overhead = {
      n: OVERHEAD_N,
      policySeconds: median(timesPolicy),
      trivialSeconds: median(timesTrivial),
      ratio: round(median(timesPolicy) / median(timesTrivial)),
      requests: previewRequests,
    };
    console.log(
      `no-op preview of ${OVERHEAD_N} policies: ${overhead.policySeconds} s, of ${OVERHEAD_N} trivial dynamic resources: ` +
        `${overhead.trivialSeconds} s (medians of ${OVERHEAD_ROUNDS}, alternated): ratio ${overhead.ratio}, ${previewRequests} requests`,
    );

    const out = join(REPO_ROOT, "bench-results");
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, "bench.json"),
      JSON.stringify({ cli: cli.version, rate: RATE, sizes: results, overhead }, null, 2),
    );
    writeFileSync(
      join(out, "bench.svg"),
      rateChart({
        series: charts.map((c) => ({ label: `N = ${c.n}`, perSecond: c.perSecond })),
        limit: RATE,
        xLabel: "seconds into pulumi up",
      }),
    );
    console.log(`results: ${join(out, "bench.json")}, chart: ${join(out, "bench.svg")}`);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
