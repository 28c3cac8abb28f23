import { expect } from "chai";
import { describeValue } from "../../../provider/policy/describe-value";
import { validatePolicy } from "../../../provider/policy/validate";
import { findXssVector } from "../../../provider/policy/xss";

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");

/** The forms in which a user could write an example into a rule pattern. */
export const FORMS: ReadonlyArray<readonly [string, (text: string) => string]> = [
  ["as written", (t) => t],
  ["in a path, /chat?name=<text>", (t) => `/chat?name=${t}`],
  ["percent-encoded in a path", (t) => `/chat?name=${encodeURIComponent(t)}`],
  [
    "every byte percent-encoded",
    (t) => [...new TextEncoder().encode(t)].map((b) => `%${hex(b)}`).join(""),
  ],
  [
    "every character a hexadecimal entity",
    (t) => [...t].map((c) => `&#x${hex(c.codePointAt(0) ?? 0)};`).join(""),
  ],
  [
    "every character a decimal entity",
    (t) => [...t].map((c) => `&#${c.codePointAt(0) ?? 0};`).join(""),
  ],
  [
    "every character a JavaScript escape",
    (t) => [...t].map((c) => `\\u{${hex(c.codePointAt(0) ?? 0)}}`).join(""),
  ],
];

/** The text in lower case, upper case, and alternating both ways (`eVaL`, `EvAl`). */
export function letterCases(text: string): string[] {
  const alternate = (upperFirst: boolean) => {
    let upper = upperFirst;
    return [...text]
      .map((c) => {
        if (c.toLowerCase() === c.toUpperCase()) return c;
        const out = upper ? c.toUpperCase() : c.toLowerCase();
        upper = !upper;
        return out;
      })
      .join("");
  };
  return [...new Set([text.toLowerCase(), text.toUpperCase(), alternate(true), alternate(false)])];
}

/**
 * Checks that the validator rejects `pattern` as a rule pattern with a violation that names the
 * field path, the vector the check found and its rule.
 */
export function expectRejectedByValidator(pattern: string): void {
  const found = findXssVector(pattern);
  expect(found, `no vector found in ${describeValue(pattern)}`).to.not.equal(undefined);
  if (found === undefined) return;
  const result = validatePolicy({
    corsOrigins: ["https://shop.example.com"],
    authentication: { requireToken: false },
    rules: [{ id: "r0", action: "block", pattern }],
  });
  expect(result.ok, describeValue(pattern)).to.equal(false);
  if (result.ok) return;
  const violation = result.violations.find((v) => v.path === "rules[0].pattern");
  expect(violation, `no violation at rules[0].pattern for ${describeValue(pattern)}`).to.not.equal(
    undefined,
  );
  expect(violation?.reason).to.include(`vector ${describeValue(found.vector)}`);
  expect(violation?.reason).to.include(`forbidden: ${found.form}`);
}

/** Checks that the validator accepts `pattern` as a rule pattern, and the check finds nothing. */
export function expectAccepted(pattern: string): void {
  expect(findXssVector(pattern), describeValue(pattern)).to.equal(undefined);
  const result = validatePolicy({
    corsOrigins: ["https://shop.example.com"],
    authentication: { requireToken: false },
    rules: [{ id: "r0", action: "block", pattern }],
  });
  expect(result.ok ? [] : result.violations, describeValue(pattern)).to.deep.equal([]);
}
