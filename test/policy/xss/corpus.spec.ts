import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_PATTERN_LENGTH, MAX_RULES } from "../../../provider/policy/limits";
import { validatePolicy } from "../../../provider/policy/validate";
import { findXssVector } from "../../../provider/policy/xss";

/** Public payload lists and benign paths; `SOURCES.md` there names each source and licence. */
const FIXTURES = join(__dirname, "..", "..", "..", "..", "test", "fixtures", "xss");

/** The share of payloads to reject in each form, and of benign strings to accept. */
const GOAL = { rejected: 0.995, accepted: 1 } as const;

function casesIn(...parts: string[]): string[] {
  const path = join(FIXTURES, ...parts);
  const files = parts.at(-1)?.endsWith(".txt")
    ? [path]
    : readdirSync(path).map((f) => join(path, f));
  const cases = files
    .filter((f) => f.endsWith(".txt"))
    .flatMap((f) => readFileSync(f, "utf8").split("\n"))
    .filter((line) => line !== "");
  if (cases.length === 0) throw new Error(`no cases in ${path}: the corpus is missing`);
  return cases;
}

/**
 * Which patterns the whole validator rejects with a violation of the pattern itself, 50 rules
 * (the most a policy holds) to a policy so that the corpus runs in seconds.
 */
function rejectedByValidator(patterns: readonly string[]): boolean[] {
  const rejected: boolean[] = [];
  for (let from = 0; from < patterns.length; from += MAX_RULES) {
    const chunk = patterns.slice(from, from + MAX_RULES);
    const result = validatePolicy({
      corsOrigins: ["https://shop.example.com"],
      authentication: { requireToken: false },
      rules: chunk.map((pattern, i) => ({ id: `r${i}`, action: "block", pattern })),
    });
    const bad = new Set(result.ok ? [] : result.violations.map((v) => v.path));
    chunk.forEach((_, i) => rejected.push(bad.has(`rules[${i}].pattern`)));
  }
  return rejected;
}

const FORMS: ReadonlyArray<readonly [string, (payload: string) => string]> = [
  ["as written", (p) => p],
  ["in a path, /chat?name=<payload>", (p) => `/chat?name=${p}`],
  [
    "percent-encoded, /chat?name=encodeURIComponent(payload)",
    (p) => `/chat?name=${encodeURIComponent(p)}`,
  ],
];

const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}%`;

describe("findXssVector on the public corpus", function () {
  this.timeout(300_000);
  const payloads = casesIn("payloads");

  for (const [form, embed] of FORMS) {
    it(`rejects at least 99.5% of ${payloads.length} public payloads ${form}`, () => {
      const patterns = payloads.map(embed);
      const byValidator = rejectedByValidator(patterns);
      const byCheck = patterns.map((p) => findXssVector(p) !== undefined);
      const validatorCount = byValidator.filter(Boolean).length;
      const checkCount = byCheck.filter(Boolean).length;
      const lengthOnly = patterns.filter(
        (p, i) => byValidator[i] && !byCheck[i] && p.length > MAX_PATTERN_LENGTH,
      ).length;
      const overLength = patterns.filter((p) => p.length > MAX_PATTERN_LENGTH).length;
      console.log(
        `      ${form}: validator rejects ${validatorCount}/${patterns.length} (${percent(validatorCount, patterns.length)}), ` +
          `${lengthOnly} of them only for length (${overLength} are over ${MAX_PATTERN_LENGTH} characters); ` +
          `the injection check alone finds ${checkCount} (${percent(checkCount, patterns.length)})`,
      );
      const missed = patterns.filter((_, i) => !byValidator[i]);
      expect(
        validatorCount / patterns.length,
        `missed, e.g.: ${missed.slice(0, 5).join(" | ")}`,
      ).to.be.at.least(GOAL.rejected);
      expect(checkCount / patterns.length).to.be.at.least(GOAL.rejected);
    });
  }

  for (const [label, parts] of [
    ["public benign paths, query strings and OpenAPI paths", ["benign"]],
    ["legitimate paths that look risky", ["risky-legit.txt"]],
  ] as const) {
    it(`accepts every one of the ${label}`, () => {
      const cases = casesIn(...parts);
      const byValidator = rejectedByValidator(cases);
      const wrong = cases.filter((_, i) => byValidator[i]);
      const flagged = cases.filter((c) => findXssVector(c) !== undefined);
      console.log(
        `      ${label}: ${cases.length - wrong.length}/${cases.length} accepted (${percent(cases.length - wrong.length, cases.length)})`,
      );
      expect(wrong, "wrongly rejected").to.deep.equal([]);
      expect(flagged, "flagged by the injection check").to.deep.equal([]);
      expect((cases.length - wrong.length) / cases.length).to.equal(GOAL.accepted);
    });
  }
});
