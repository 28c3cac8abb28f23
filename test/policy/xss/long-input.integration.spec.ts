import { expect } from "chai";
import { findXssVector } from "../../../provider/policy/xss";
import { LONG_SHAPES } from "../../fixtures/xss/long-shapes";

// No timing here: how the time grows with the length is measured by `npm run bench:xss`, side
// by side. A check that went quadratic would take hours on a megabyte and trip the timeout.
describe("findXssVector on long inputs", function () {
  this.timeout(60_000);
  const MB = 1 << 20;

  const [first, ...built] = LONG_SHAPES;
  if (first === undefined) throw new Error("LONG_SHAPES is empty");
  const [randomLabel, random] = first;

  it(`finds, in 1 MB of ${randomLabel}, markup, as in its first half`, () => {
    // Random code units hold a < or its encoded forms somewhere early: both halves answer so.
    const half = findXssVector(random(MB / 2));
    expect(half, "half a megabyte of random code units holds markup").to.not.equal(undefined);
    // Which vector it names first may differ (each decoding is scanned in turn); that one is.
    expect(findXssVector(random(MB))).to.not.equal(undefined);
  });

  for (const [label, make] of built) {
    it(`gives the verdict on 1 MB of ${label} that it gives on 64 KB`, () => {
      const short = findXssVector(make(64 * 1024));
      const long = findXssVector(make(MB));
      expect(long?.vector).to.equal(short?.vector);
    });
  }

  it("finds markup that only appears after decoding a megabyte of percent-encoding", () => {
    expect(findXssVector(`${"%25".repeat(MB / 3 - 2)}3C`)?.vector).to.equal("<");
  });

  it("still finds a vector at the end of a megabyte", () => {
    expect(findXssVector(`${"a/".repeat(MB / 2)} onload=1`)?.vector).to.equal("onload=");
  });
});
