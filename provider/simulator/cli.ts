#!/usr/bin/env node
import { parseArgs } from "node:util";
import {
  CxoneSimulator,
  DEMO_CREDENTIALS,
  RATE_LIMIT_HEADER_STYLES,
  type RateLimitHeaderStyle,
} from "./cxone-simulator";

const HELP = `Usage: cxone-simulator [options]   (each option also reads CXONE_SIM_<NAME>)
  --port N              port on 127.0.0.1 (0 = any free port)              [PORT]
  --client-id ID        accepted client id                                 [CLIENT_ID]
  --client-secret S     accepted client secret                             [CLIENT_SECRET]
  --token-ttl SECONDS   token lifetime                                     [TOKEN_TTL]
  --rate-limit N        requests per second per tenant                     [RATE_LIMIT]
  --rate-limit-headers STYLE
                        rate-limit fields on API answers: none, ratelimit (IETF draft
                        RateLimit and RateLimit-Policy) or x-ratelimit      [RATE_LIMIT_HEADERS]
  --faults SPEC         random faults, e.g. 500:0.05,503:0.05,429:0.05,reset:0.02,slow:0.01,412:0.05
                                                                           [FAULTS]
  --slow-ms N           how slow a slow response is                        [SLOW_MS]
  --seed N              seed of the random fault source                    [SEED]
  --persist FILE        keep widgets in this JSON file                     [PERSIST]`;

function parseFaults(spec: string | undefined) {
  const out: Record<string, number> = {};
  for (const part of (spec ?? "").split(",").filter((p) => p !== "")) {
    const [name, chance] = part.split(":");
    const key = {
      "500": "status500",
      "503": "status503",
      "429": "status429",
      "412": "concurrentEdit",
      reset: "reset",
      slow: "slow",
    }[name ?? ""];
    const value = Number(chance);
    if (key === undefined || !(value >= 0 && value <= 1)) {
      throw new Error(
        `--faults: "${part}" is not name:chance with name 500, 503, 429, 412, reset or slow and chance from 0 to 1`,
      );
    }
    out[key] = value;
  }
  return out;
}

function headerStyle(text: string | undefined): RateLimitHeaderStyle | undefined {
  if (text === undefined) return undefined;
  const style = RATE_LIMIT_HEADER_STYLES.find((s) => s === text);
  if (style === undefined)
    throw new Error(
      `--rate-limit-headers: "${text}" is not one of ${RATE_LIMIT_HEADER_STYLES.join(", ")}`,
    );
  return style;
}

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name}: "${text}" is not a non-negative number`);
  return value;
}

async function main(): Promise<void> {
  const names = [
    "port",
    "client-id",
    "client-secret",
    "token-ttl",
    "rate-limit",
    "rate-limit-headers",
    "faults",
    "slow-ms",
    "seed",
    "persist",
  ] as const;
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
      help: { type: "boolean" },
    },
  });
  if (values.help === true) {
    console.log(HELP);
    return;
  }
  const get = (name: (typeof names)[number]): string | undefined => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === "string"
      ? value
      : process.env[`CXONE_SIM_${name.toUpperCase().replace(/-/g, "_")}`];
  };
  const slowMs = numberOption("slow-ms", get("slow-ms"));
  const simulator = new CxoneSimulator({
    port: numberOption("port", get("port")) ?? 0,
    clients: [
      {
        clientId: get("client-id") ?? DEMO_CREDENTIALS.clientId,
        clientSecret: get("client-secret") ?? DEMO_CREDENTIALS.clientSecret,
      },
    ],
    tokenTtlSeconds: numberOption("token-ttl", get("token-ttl")) ?? 3600,
    rateLimitPerSecond: numberOption("rate-limit", get("rate-limit")) ?? 10,
    rateLimitHeaders: headerStyle(get("rate-limit-headers")) ?? "none",
    faults: { ...parseFaults(get("faults")), ...(slowMs === undefined ? {} : { slowMs }) },
    seed: numberOption("seed", get("seed")) ?? 1,
    ...(get("persist") === undefined ? {} : { persistPath: get("persist") }),
    log: (line) => console.log(line),
  });
  await simulator.start();
  console.log(
    `CXone simulator listening on ${simulator.url} (widgets: ${simulator.widgets.ids().join(", ")})`,
  );
  const shutdown = () => void simulator.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
