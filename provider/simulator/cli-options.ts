import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  DEMO_ACCESS_KEY,
  DEMO_CREDENTIALS,
  DEMO_TENANT_ID,
  RATE_LIMIT_HEADER_STYLES,
  type RateLimitHeaderStyle,
  type SimulatorOptions,
  WIDGET_LIST_MODES,
  type WidgetListMode,
} from "./cxone-simulator";

/** Every option of the simulator's command line, each also read from `CXONE_SIM_<NAME>`. */
export const SIMULATOR_HELP = `Usage: cxone-simulator [options]   (each option also reads CXONE_SIM_<NAME>)
  --port N              port on 127.0.0.1 (0 = any free port)              [PORT]
  --client-id ID        accepted client id                                 [CLIENT_ID]
  --client-secret S     accepted client secret                             [CLIENT_SECRET]
  --access-key-id ID    accepted access key id                             [ACCESS_KEY_ID]
  --access-key-secret S accepted access key secret                         [ACCESS_KEY_SECRET]
  --tenant-id ID        the tenant id API discovery answers for            [TENANT_ID]
  --widgets FILE        the tenant's widgets: a JSON list of widget objects, each with an
                        "id", or {"widgets": [...]}                         [WIDGETS]
  --widget-list MODE    how GET /api/v2/webchat/widgets answers: paged, absent (404),
                        endless or malformed                               [WIDGET_LIST]
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

const NAMES = [
  "port",
  "client-id",
  "client-secret",
  "access-key-id",
  "access-key-secret",
  "tenant-id",
  "widgets",
  "widget-list",
  "token-ttl",
  "rate-limit",
  "rate-limit-headers",
  "faults",
  "slow-ms",
  "seed",
  "persist",
] as const;

type OptionName = (typeof NAMES)[number];

/** What the command line asks for: help, or a simulator with these options. */
export type SimulatorCommand = { help: true } | { help: false; options: SimulatorOptions };

/** How the command line reads a file; tests pass their own. */
export type ReadText = (path: string) => string;

const widgetsFileSchema = z.union([
  z.array(z.looseObject({ id: z.string().min(1) })),
  z.object({ widgets: z.array(z.looseObject({ id: z.string().min(1) })) }),
]);

/**
 * Parses the simulator's command line and environment into its options. Pure but for reading
 * the widgets file through `read`. Throws an `Error` naming the option, the value and the rule
 * for anything it cannot use; the message never shows a secret's value.
 */
export function parseSimulatorCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  read: ReadText = (path) => readFileSync(path, "utf8"),
): SimulatorCommand {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(NAMES.map((n) => [n, { type: "string" as const }])),
      help: { type: "boolean" },
    },
  });
  if (values.help === true) return { help: true };
  const get = (name: OptionName): string | undefined => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === "string"
      ? value
      : env[`CXONE_SIM_${name.toUpperCase().replace(/-/g, "_")}`];
  };
  const slowMs = numberOption("slow-ms", get("slow-ms"));
  const widgetsFile = get("widgets");
  const persist = get("persist");
  return {
    help: false,
    options: {
      port: numberOption("port", get("port")) ?? 0,
      clients: [
        {
          clientId: get("client-id") ?? DEMO_CREDENTIALS.clientId,
          clientSecret: get("client-secret") ?? DEMO_CREDENTIALS.clientSecret,
        },
      ],
      accessKeys: [
        {
          accessKeyId: get("access-key-id") ?? DEMO_ACCESS_KEY.accessKeyId,
          accessKeySecret: get("access-key-secret") ?? DEMO_ACCESS_KEY.accessKeySecret,
        },
      ],
      tenantId: get("tenant-id") ?? DEMO_TENANT_ID,
      ...(widgetsFile === undefined ? {} : { widgets: widgetsOf(widgetsFile, read) }),
      widgetList: listMode(get("widget-list")) ?? "paged",
      tokenTtlSeconds: numberOption("token-ttl", get("token-ttl")) ?? 3600,
      rateLimitPerSecond: numberOption("rate-limit", get("rate-limit")) ?? 10,
      rateLimitHeaders: headerStyle(get("rate-limit-headers")) ?? "none",
      faults: { ...parseFaults(get("faults")), ...(slowMs === undefined ? {} : { slowMs }) },
      seed: numberOption("seed", get("seed")) ?? 1,
      ...(persist === undefined ? {} : { persistPath: persist }),
    },
  };
}

function widgetsOf(path: string, read: ReadText): SimulatorOptions["widgets"] {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new Error(`--widgets: "${path}" cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`--widgets: "${path}" is not JSON: ${(error as Error).message}`);
  }
  const checked = widgetsFileSchema.safeParse(parsed);
  if (!checked.success)
    throw new Error(
      `--widgets: "${path}" must be a JSON list of widget objects, each with a non-empty "id", or {"widgets": [...]}`,
    );
  const widgets = Array.isArray(checked.data) ? checked.data : checked.data.widgets;
  const ids = widgets.map((w) => w.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined)
    throw new Error(`--widgets: "${path}" lists the widget id "${repeated}" twice`);
  return widgets;
}

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

function listMode(text: string | undefined): WidgetListMode | undefined {
  if (text === undefined) return undefined;
  const mode = WIDGET_LIST_MODES.find((m) => m === text);
  if (mode === undefined)
    throw new Error(`--widget-list: "${text}" is not one of ${WIDGET_LIST_MODES.join(", ")}`);
  return mode;
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
  if (text.trim() === "" || !Number.isFinite(value) || value < 0)
    throw new Error(`--${name}: "${text}" is not a non-negative number`);
  return value;
}
