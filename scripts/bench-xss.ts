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
import { LONG_SHAPES } from "../test/fixtures/xss/long-shapes";

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
console.log(
  "milliseconds for one long input, best of 3, at 256 KB and 1 MB; growth 1 MB/256 KB " +
    "(linear work grows about 4 times, quadratic 16)",
);
for (const [label, make] of LONG_SHAPES) {
  const [small, large] = [make(MB / 4), make(MB)];
  const best = (check: Check, input: string) =>
    Math.min(...[0, 1, 2].map(() => millis(check, [input])));
  const line = checks.map(([name, check]) => {
    const [s, l] = [best(check, small), best(check, large)];
    return `${name} ${s.toFixed(1)} -> ${l.toFixed(1)} (x${(l / Math.max(s, 0.05)).toFixed(1)})`;
  });
  console.log(`  ${label}: ${line.join(", ")}`);
}
