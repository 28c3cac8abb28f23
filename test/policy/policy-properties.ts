import { expect } from "chai";
import fc from "fast-check";
import { policyDigest } from "../../provider/policy/digest";
import { validatePolicy } from "../../provider/policy/validate";
import { origin, validPolicy } from "../helpers/policy-arbitraries";

/** How many cases each property draws; each test's title says its count. */
export interface PropertyRuns {
  digest: number;
  idempotent: number;
  neverThrows: number;
  vectors: number;
}

/**
 * The counts the integration set runs (`npm run test:integration`, part of `npm test`): enough
 * to find the rare input, at about 15 s on a quiet machine.
 */
export const FULL_RUNS: PropertyRuns = {
  digest: 2_000,
  idempotent: 2_000,
  neverThrows: 10_000,
  vectors: 5_000,
};

/**
 * The counts of the unit loop (`npm run test:unit`): a tenth of {@link FULL_RUNS}, still ten
 * times fast-check's default of 100, so that a change that breaks a law fails in seconds.
 */
export const QUICK_RUNS: PropertyRuns = {
  digest: 200,
  idempotent: 200,
  neverThrows: 1_000,
  vectors: 500,
};

/** Rebuilds every object with its keys in an order drawn from `order`. */
function permuteKeys(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((v) => permuteKeys(v, order));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  const shuffled = entries
    .map((entry, i) => ({ entry, key: order[i % order.length] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map(
      ({ entry: [k, v] }) => [k, permuteKeys(v, order.slice(1).concat(order.slice(0, 1)))] as const,
    );
  return Object.fromEntries(shuffled);
}

function mustValidate(input: unknown) {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error(`expected a valid policy: ${JSON.stringify(result.violations)}`);
  return result.policy;
}

/** Declares the laws of policy validation and the digest, each drawing `runs` cases. */
export function describePolicyProperties(runs: PropertyRuns): void {
  describe("policy properties", () => {
    it(`the digest is unchanged by permuting object keys and origins (${runs.digest} runs)`, () => {
      fc.assert(
        fc.property(
          validPolicy,
          fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
          (policy, order) => {
            const permuted = permuteKeys(policy, order) as typeof policy;
            permuted.corsOrigins = [...permuted.corsOrigins].reverse();
            expect(policyDigest(mustValidate(permuted))).to.equal(
              policyDigest(mustValidate(policy)),
            );
          },
        ),
        { numRuns: runs.digest },
      );
    });

    it(`normalization is idempotent (${runs.idempotent} runs)`, () => {
      fc.assert(
        fc.property(validPolicy, (policy) => {
          const once = mustValidate(policy);
          expect(mustValidate(once)).to.deep.equal(once);
        }),
        { numRuns: runs.idempotent },
      );
    });

    it(`the validator returns a result and never throws on arbitrary JSON (${runs.neverThrows} runs)`, function () {
      // 10,000 arbitrary documents take about 8 s on a quiet machine, more on a busy one.
      this.timeout(120_000);
      const policyShaped = fc.record(
        {
          corsOrigins: fc.oneof(
            fc.array(fc.oneof(origin, fc.string(), fc.jsonValue())),
            fc.jsonValue(),
          ),
          authentication: fc.oneof(
            fc.record(
              { requireToken: fc.jsonValue(), tokenExpiryMinutes: fc.jsonValue() },
              { requiredKeys: [] },
            ),
            fc.jsonValue(),
          ),
          rules: fc.oneof(
            fc.array(
              fc.record(
                {
                  id: fc.jsonValue(),
                  action: fc.jsonValue(),
                  pattern: fc.jsonValue(),
                  redirectUrl: fc.jsonValue(),
                },
                { requiredKeys: [] },
              ),
            ),
            fc.jsonValue(),
          ),
          allowInsecureOrigins: fc.jsonValue(),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), policyShaped), (input) => {
          const result = validatePolicy(input);
          expect(result.ok).to.be.a("boolean");
          if (!result.ok) {
            expect(result.violations.length).to.be.greaterThan(0);
            for (const v of result.violations) {
              expect(v.path).to.be.a("string");
              expect(v.reason).to.be.a("string");
            }
          }
        }),
        { numRuns: runs.neverThrows },
      );
    });

    it(`no pattern that holds a vector after a space, in any text and any case, passes (${runs.vectors} runs)`, () => {
      // HTML tags, attributes and URL schemes ignore case; script does not (`Alert(1)` calls nothing).
      const anyCase = fc.constantFrom(
        "<script",
        "<img src=x",
        "<svg",
        "<x:script",
        "javascript:",
        "vbscript:",
        "data:text/html,",
        "data:image/svg+xml,",
        "onload=",
        "onerror=",
        "onpointerrawupdate=",
        "oncontentvisibilityautostatechange=",
        "style=x:expression(",
      );
      const exactCase = fc.constantFrom(
        "alert(1)",
        "eval(name)",
        "{{7*7}}",
        "${7*7}",
        "';x",
        "document.cookie",
      );
      const casedVector = fc
        .tuple(anyCase, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }))
        .map(([v, upper]) => [...v].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
      fc.assert(
        fc.property(
          fc.string({ maxLength: 40 }),
          fc.oneof(casedVector, exactCase),
          fc.string({ maxLength: 40 }),
          (before, v, after) => {
            const result = validatePolicy({
              corsOrigins: ["https://example.com"],
              authentication: { requireToken: false },
              rules: [{ id: "r", action: "block", pattern: `${before} ${v}${after}` }],
            });
            expect(result.ok).to.equal(false);
            if (!result.ok)
              expect(result.violations.map((x) => x.path)).to.include("rules[0].pattern");
          },
        ),
        { numRuns: runs.vectors },
      );
    });
  });
}
