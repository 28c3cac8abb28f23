import { expect } from "chai";
import fc from "fast-check";
import { unsafeTextIn, unsafeTextProblem } from "../../provider/policy/unsafe-text";

describe("unsafeTextProblem", () => {
  it("names NUL and an unpaired surrogate with where they are", () => {
    expect(unsafeTextProblem("a\u0000b")).to.equal(
      "contains NUL (U+0000) at index 1, which no string here may hold",
    );
    expect(unsafeTextProblem("ab\uD800")).to.match(
      /^contains an unpaired surrogate \(U\+D800\) at index 2/,
    );
    expect(unsafeTextProblem("\uDC00x")).to.match(/\(U\+DC00\) at index 0/);
  });

  it("accepts every well-formed string: pairs, emoji and any other code point but NUL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const clean = text.replace(/\u0000/g, "");
        expect(unsafeTextProblem(clean)).to.equal(undefined);
      }),
    );
    expect(unsafeTextProblem("😀 ＜script＞")).to.equal(undefined);
  });

  it("finds every bad string in a JSON value, keys included, with its path", () => {
    expect(unsafeTextIn({ a: ["ok", "x\u0000"], ["k\uD800"]: 1 }).map((p) => p.path)).to.deep.equal(
      [["a", 1], ["k\uD800"]],
    );
  });
});
