/**
 * Cases per second of the script-injection check against the one it replaced, side by side in
 * one run over the public corpus in test/fixtures/xss, and the time each takes on 1 MB inputs.
 * Read the ratios: absolute times depend on the machine and on what else runs on it.
 *
 *   npm run bench:xss
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findXssVector } from "../provider/policy/xss";
import { legacyFindXssVector } from "./legacy-xss-check";

const FIXTURES = join(__dirname, "..", "..", "test", "fixtures", "xss");
const ROUNDS = 5;

function cases(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith(".txt"))
    .flatMap((f) => readFileSync(join(FIXTURES, dir, f), "utf8").split("\n"))
    .filter((line) => line !== "");
}

type Check = (text: string) => unknown;
const checks: ReadonlyArray<readonly [string, Check]> = [
  ["before (main)", legacyFindXssVector],
  ["now", findXssVector],
];

function millis(check: Check, inputs: readonly string[]): number {
  const start = process.hrtime.bigint();
  for (const input of inputs) check(input);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const corpora: ReadonlyArray<readonly [string, string[]]> = [
  ["payloads", cases("payloads")],
  ["benign", cases("benign")],
];

console.log(`cases per second, best of ${ROUNDS} rounds, the two checks alternating`);
for (const [label, inputs] of corpora) {
  const best = checks.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < ROUNDS; round++) {
    checks.forEach(([, check], i) => {
      best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, millis(check, inputs));
    });
  }
  const rates = best.map((ms) => (inputs.length / ms) * 1000);
  const line = checks.map(([name], i) => `${name} ${Math.round(rates[i] ?? 0)}/s`).join(", ");
  console.log(
    `  ${label} (${inputs.length} cases): ${line}; now/before ${((rates[1] ?? 0) / (rates[0] ?? 1)).toFixed(2)}`,
  );
}

const MB = 1 << 20;
const long: ReadonlyArray<readonly [string, string]> = [
  ["1 MB of path segments", "/api/v1/items".repeat(MB / 13)],
  ["1 MB of nested percent-encoding", `${"%25".repeat(MB / 3 - 2)}3C`],
  ["1 MB of backslashes", "\\".repeat(MB)],
  ["1 MB of '&#'", "&#".repeat(MB / 2)],
];
console.log("milliseconds for one long input, best of 3");
for (const [label, input] of long) {
  const times = checks.map(([, check]) => Math.min(...[0, 1, 2].map(() => millis(check, [input]))));
  console.log(
    `  ${label}: ${checks.map(([name], i) => `${name} ${(times[i] ?? 0).toFixed(1)}`).join(", ")}`,
  );
}
