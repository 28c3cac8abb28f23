/**
 * What 100 concurrent policy updates cost against a tenant limited to 10 requests per second,
 * side by side, against fresh simulators in this process; the ratios are what to read, since
 * absolute times depend on the machine.
 *
 * 1. With the shared per-tenant token bucket (the default), and with it effectively switched off.
 * 2. With tokens that live 2 s, shorter than the queue is deep: with the bucket's priority lane
 *    (a token request goes first, since the requests that left the queue wait for it), and with
 *    a bucket that serves everyone in arrival order.
 * 3. As `pulumi up` updates (one PUT on the ETag the state holds) while a console user edits a
 *    random one of the widgets every 100 ms: with the priority lane for the re-read and write
 *    after a 412, and in arrival order.
 *
 *   npm run build && node dist/scripts/bench-rate-limit.js
 */
import { setTimeout as sleep } from "node:timers/promises";
import { CxoneClient } from "../provider/cxone/client";
import { TenantServices } from "../provider/cxone/tenant-services";
import { DEFAULT_RATE_LIMIT, TokenBucket } from "../provider/pacing/token-bucket";
import type { WidgetSnapshot } from "../provider/cxone/widget";
import { parsePolicy } from "../provider/policy/validate";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";
import { seededRandom } from "../provider/simulator/seeded-random";
import { defaultWidgets } from "../provider/simulator/widget-store";

const UPDATES = 100;
const EDIT_EVERY_MS = 100;
const policy = parsePolicy({
  corsOrigins: ["https://shop.example.com"],
  authentication: { requireToken: false },
});

/** The default bucket with its priority lane ignored: every caller in arrival order. */
class ArrivalOrderBucket extends TokenBucket {
  override acquire(): Promise<void> {
    return super.acquire();
  }
}

interface Scenario {
  readonly label: string;
  /** The bucket of each client; undefined for the shared tenant bucket. */
  readonly bucket: () => TokenBucket | undefined;
  readonly tokenTtlSeconds?: number;
  /** Update on ETags read beforehand, with a console user editing meanwhile. */
  readonly consoleEdits?: boolean;
}

async function run(scenario: Scenario) {
  // What one provider process shares: the tenant's pacing and tokens, fresh for each run.
  const services = new TenantServices();
  const template = defaultWidgets()[0];
  const widgets = Array.from({ length: UPDATES }, (_, i) => ({
    ...structuredClone(template),
    id: `w-${i}`,
  })) as ReturnType<typeof defaultWidgets>;
  const { tokenTtlSeconds } = scenario;
  const sim = await new CxoneSimulator({
    widgets,
    rateLimitPerSecond: 10,
    ...(tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds }),
  }).start();
  let known: WidgetSnapshot[] = [];
  if (scenario.consoleEdits === true) {
    const reader = new CxoneClient({
      services,
      tenant: { baseUrl: sim.url },
      credentials: { kind: "client-credentials", values: { ...DEMO_CREDENTIALS } },
    });
    known = await Promise.all(widgets.map((w) => reader.getWidget(w.id)));
    await sleep(1_000); // the tenant's bucket refills before the measured run
    sim.clearLog();
  }
  const draw = seededRandom(20261126);
  let edits = 0;
  const editor = scenario.consoleEdits
    ? setInterval(() => {
        edits++;
        sim.editWidget(`w-${Math.floor(draw() * UPDATES)}`, (w) => (w.name = `edit ${edits}`));
      }, EDIT_EVERY_MS)
    : undefined;
  const started = Date.now();
  const results = await Promise.allSettled(
    Array.from({ length: UPDATES }, (_, i) => {
      const b = scenario.bucket();
      return new CxoneClient({
        tenant: { baseUrl: sim.url },
        credentials: { kind: "client-credentials", values: { ...DEMO_CREDENTIALS } },
        services,
        ...(b ? { pacing: b } : {}),
      }).setSecurityPolicy(`w-${i}`, policy, known[i]);
    }),
  );
  clearInterval(editor);
  const seconds = (Date.now() - started) / 1000;
  const counters = sim.counters();
  await sim.stop();
  return {
    label: scenario.label,
    requests: counters.total,
    tokens: counters.byRoute["POST /oauth/token"] ?? 0,
    status429: counters.byStatus["429"] ?? 0,
    status412: counters.byStatus["412"] ?? 0,
    consoleEdits: edits,
    failedUpdates: results.filter((r) => r.status === "rejected").length,
    seconds,
  };
}

/** A bucket shared by every client of one run. */
function shared(make: () => TokenBucket): () => TokenBucket {
  let bucket: TokenBucket | undefined;
  return () => (bucket ??= make());
}

async function main() {
  const limited = await run({
    label: "shared tenant bucket (default 10/s)",
    bucket: () => undefined,
  });
  const unlimited = await run({
    label: "no client-side limit",
    bucket: () => new TokenBucket({ requestsPerSecond: 1e6, burst: 1e6 }),
  });
  const ttl = { tokenTtlSeconds: 2 };
  const ttlLane = await run({
    label: "tokens live 2 s, priority lane (default)",
    bucket: shared(() => new TokenBucket(DEFAULT_RATE_LIMIT)),
    ...ttl,
  });
  const ttlArrival = await run({
    label: "tokens live 2 s, arrival order",
    bucket: shared(() => new ArrivalOrderBucket(DEFAULT_RATE_LIMIT)),
    ...ttl,
  });
  const editLane = await run({
    label: "console edits, priority lane (default)",
    bucket: shared(() => new TokenBucket(DEFAULT_RATE_LIMIT)),
    consoleEdits: true,
  });
  const editArrival = await run({
    label: "console edits, arrival order",
    bucket: shared(() => new ArrivalOrderBucket(DEFAULT_RATE_LIMIT)),
    consoleEdits: true,
  });
  console.table([limited, unlimited, ttlLane, ttlArrival, editLane, editArrival]);
  const ratio = (a: number, b: number) => (a / Math.max(b, 1)).toFixed(2);
  console.log(
    `requests: ${ratio(unlimited.requests, limited.requests)}x more without the limiter; ` +
      `429s: ${limited.status429} with, ${unlimited.status429} without; ` +
      `failed updates: ${limited.failedUpdates} with, ${unlimited.failedUpdates} without; ` +
      `wall time ratio (without/with): ${(unlimited.seconds / limited.seconds).toFixed(2)}`,
  );
  console.log(
    `tokens living 2 s: 429s ${ttlLane.status429} with the priority lane, ${ttlArrival.status429} in arrival order; ` +
      `failed updates: ${ttlLane.failedUpdates} with, ${ttlArrival.failedUpdates} without; ` +
      `wall time ratio (arrival/priority): ${(ttlArrival.seconds / ttlLane.seconds).toFixed(2)}`,
  );
  console.log(
    `a console edit every ${EDIT_EVERY_MS} ms: 412s ${editLane.status412} with the priority lane, ` +
      `${editArrival.status412} in arrival order (${ratio(editArrival.status412, editLane.status412)}x); ` +
      `updates that gave up: ${editLane.failedUpdates} with, ${editArrival.failedUpdates} without; ` +
      `wall time ratio (arrival/priority): ${(editArrival.seconds / editLane.seconds).toFixed(2)}`,
  );
}

void main();
