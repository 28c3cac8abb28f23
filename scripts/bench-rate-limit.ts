/**
 * What 100 concurrent policy updates cost against a tenant limited to 10 requests per second:
 * with the shared per-tenant token bucket (the default), and with it effectively switched off.
 * Both run in this process, one after the other, against fresh simulators; the ratios are
 * what to read, since absolute times depend on the machine.
 *
 *   npm run build && node dist/scripts/bench-rate-limit.js
 */
import { CxoneClient } from "../provider/cxone/client";
import { clearTokenCache } from "../provider/cxone/oauth";
import { TokenBucket } from "../provider/cxone/rate-limiter";
import { parsePolicy } from "../provider/policy/validate";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";
import { defaultWidgets } from "../provider/simulator/widget-store";

const UPDATES = 100;
const policy = parsePolicy({
  corsOrigins: ["https://shop.example.com"],
  authentication: { requireToken: false },
});

async function run(label: string, bucket: () => TokenBucket | undefined) {
  clearTokenCache();
  const template = defaultWidgets()[0];
  const widgets = Array.from({ length: UPDATES }, (_, i) => ({
    ...structuredClone(template),
    id: `w-${i}`,
  })) as ReturnType<typeof defaultWidgets>;
  const sim = await new CxoneSimulator({ widgets, rateLimitPerSecond: 10 }).start();
  const started = Date.now();
  const results = await Promise.allSettled(
    Array.from({ length: UPDATES }, (_, i) => {
      const b = bucket();
      return new CxoneClient({
        baseUrl: sim.url,
        ...DEMO_CREDENTIALS,
        ...(b ? { bucket: b } : {}),
      }).setSecurityPolicy(`w-${i}`, policy);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const counters = sim.counters();
  await sim.stop();
  return {
    label,
    requests: counters.total,
    status429: counters.byStatus["429"] ?? 0,
    failedUpdates: results.filter((r) => r.status === "rejected").length,
    seconds,
  };
}

async function main() {
  const limited = await run("shared tenant bucket (default 10/s)", () => undefined);
  const unlimited = await run(
    "no client-side limit",
    () => new TokenBucket({ requestsPerSecond: 1e6, burst: 1e6 }),
  );
  console.table([limited, unlimited]);
  console.log(
    `requests: ${(unlimited.requests / limited.requests).toFixed(2)}x more without the limiter; ` +
      `429s: ${limited.status429} with, ${unlimited.status429} without; ` +
      `failed updates: ${limited.failedUpdates} with, ${unlimited.failedUpdates} without; ` +
      `wall time ratio (without/with): ${(unlimited.seconds / limited.seconds).toFixed(2)}`,
  );
}

void main();
