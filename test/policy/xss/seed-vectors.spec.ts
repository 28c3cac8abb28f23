import { expect } from "chai";
import { findXssVector } from "../../../provider/policy/xss";
import { EVENT_HANDLERS, XSS_KEYWORDS } from "../../../scripts/legacy-xss-check";
import { expectRejectedByValidator, FORMS, letterCases } from "./forms";

/**
 * Every vector the seed's filter named, as it wrote them (`git show ba33f8c:provider/policy/xss.ts`):
 * the filter matched after lowercasing, so each must still be rejected in any letter case and in
 * any form a user could write it. An event handler is written where an HTML parser starts an
 * attribute name: inside a word or after `?` it is another name (`sessionEnd=`, `?onload=1`).
 */
const SEED_VECTORS: ReadonlyArray<readonly [string, string]> = [
  ...XSS_KEYWORDS.map((keyword) => [keyword, `${keyword}x`] as const),
  ...EVENT_HANDLERS.flatMap((name) => [
    [`on${name}=`, `/x on${name}=x`] as const,
    [`on${name}=`, `"on${name}=x`] as const,
  ]),
];

describe("findXssVector on the seed's own vectors", () => {
  it("covers every keyword and handler of the seed", () => {
    expect(XSS_KEYWORDS).to.include.members(["eval(", "expression(", "srcdoc=", "javascript:"]);
    expect(SEED_VECTORS.length).to.equal(XSS_KEYWORDS.length + 2 * EVENT_HANDLERS.length);
  });

  for (const [form, write] of FORMS) {
    it(`rejects every seed vector in every letter case, ${form}, naming it`, () => {
      for (const [vector, example] of SEED_VECTORS) {
        for (const spelling of letterCases(example)) {
          const pattern = write(spelling);
          const found = findXssVector(pattern);
          const shown = found?.vector.toLowerCase() ?? "nothing";
          expect(shown, `${JSON.stringify(pattern)} (${form})`).to.include(vector);
        }
      }
    });
  }

  it("names the field, the vector and the rule when the validator rejects one", () => {
    for (const [, example] of SEED_VECTORS) {
      for (const spelling of letterCases(example)) expectRejectedByValidator(spelling);
    }
  });

  it("rejects the seed's calls in any case with spaces or comments before the parenthesis", () => {
    for (const text of ["EvAl(1)", "EVAL (1)", "eVaL/**/(1)", "x EvAl /* c */ (1)", "(EVAL)(1)"]) {
      expect(findXssVector(text)?.form, text).to.match(/eval, in any letter case/);
    }
    for (const text of ["ExPrEsSiOn(1)", "x:EXPRESSION(1)", "a{b:ExPr/**/EsSiOn(1)}"]) {
      expect(findXssVector(text)?.vector, text).to.match(/expression\($/);
    }
    for (const text of ["SRCDOC=x", "a SrcDoc=x", "?sRcDoC=x", "JaVaScRiPt:x"]) {
      expect(findXssVector(text), text).to.not.equal(undefined);
    }
  });
});
