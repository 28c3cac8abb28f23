/**
 * What `export` and `scan` of a tenant of 500 widgets cost against a tenant limited to 10
 * requests per second, as a ratio to the rate floor: the requests each command needs (the
 * token, the pages of the list, one GET per widget) divided by the rate. A ratio near 1 means
 * the pacing keeps the tenant busy the whole time and the command adds next to nothing; the
 * goal is at most 1.1. Both run against one fresh simulator in this process, through `run()`,
 * as the bin does, with the provider's default pacing (10 requests per second, adaptive).
 *
 *   npm run bench:inventory
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../provider/cli/main";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";
import { fixtureWidget, validPolicy } from "../test/helpers/tenant-fixture";

const WIDGETS = 500;
const RATE = 10;

async function measure(sim: CxoneSimulator, args: string[], cwd: string) {
  sim.clearLog();
  const started = performance.now();
  const errors: string[] = [];
  const code = await run(
    args,
    () => undefined,
    (line) => errors.push(line),
    {
      CXONE_BASE_URL: sim.url,
      CXONE_CLIENT_ID: DEMO_CREDENTIALS.clientId,
      CXONE_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
    },
    cwd,
  );
  const seconds = (performance.now() - started) / 1000;
  const counters = sim.counters();
  // The floor counts what the command needs: every answer but the 429s, which are the pacing's.
  const needed = counters.total - (counters.byStatus["429"] ?? 0);
  if (code !== 0) throw new Error(`${args[0]} exited ${code}: ${errors.join("\n")}`);
  return { seconds, needed, throttled: counters.byStatus["429"] ?? 0, floor: needed / RATE };
}

async function main(): Promise<void> {
  const widgets = Array.from({ length: WIDGETS }, (_, i) =>
    fixtureWidget(`wc-${String(i).padStart(4, "0")}`, { policy: validPolicy(i) }),
  );
  const sim = await new CxoneSimulator({ widgets, rateLimitPerSecond: RATE }).start();
  const dir = mkdtempSync(join(tmpdir(), "bench-inventory-"));
  try {
    console.log(`${WIDGETS} widgets, tenant limit ${RATE} requests/s, default pacing`);
    console.log("command  requests  429s  floor s  time s  ratio");
    for (const args of [
      ["export", "--out", join(dir, "widgets.yaml")],
      ["scan", "--fail-on", "none"],
    ]) {
      const m = await measure(sim, args, dir);
      console.log(
        `${(args[0] ?? "").padEnd(7)}  ${String(m.needed).padStart(8)}  ${String(m.throttled).padStart(4)}  ` +
          `${m.floor.toFixed(1).padStart(7)}  ${m.seconds.toFixed(1).padStart(6)}  ${(m.seconds / m.floor).toFixed(3)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sim.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
