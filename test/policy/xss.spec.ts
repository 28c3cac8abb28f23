import { expect } from "chai";
import { findXssVector, revealStages } from "../../provider/policy/xss";

describe("findXssVector", () => {
  const seeds: Array<[string, string]> = [
    ["/chat<script>", "<script"],
    ["javascript:alert(1)", "javascript:"],
    ["/x onload=1", "onload="],
    ["<iframe src=x", "<iframe"],
    ["<object data=x", "<object"],
    ["eval(name)", "eval("],
    ["width:expression(alert(1))", "expression("],
  ];
  for (const [pattern, vector] of seeds) {
    it(`finds the seed vector ${vector}`, () => {
      expect(findXssVector(pattern)).to.equal(vector);
    });
  }

  it("finds the common evasions: vbscript:, data:text/html, <svg, <embed and srcdoc=", () => {
    expect(findXssVector("vbscript:msgbox")).to.equal("vbscript:");
    expect(findXssVector("data:text/html;base64,xx")).to.equal("data:text/html");
    expect(findXssVector("<svg/onload")).to.equal("<svg");
    expect(findXssVector("<embed src")).to.equal("<embed");
    expect(findXssVector("a srcdoc=x")).to.equal("srcdoc=");
  });

  it("ignores case", () => {
    expect(findXssVector("JaVaScRiPt:x")).to.equal("javascript:");
    expect(findXssVector("/x OnErRoR=y")).to.equal("onerror=");
  });

  it("sees through white space, control characters and NUL inside a keyword", () => {
    expect(findXssVector("java\tscript:x")).to.equal("javascript:");
    expect(findXssVector("java\u0000script:x")).to.equal("javascript:");
    expect(findXssVector("e v a l (1)")).to.equal("eval(");
    expect(findXssVector("on\u200bload=1")).to.equal("onload=");
  });

  it("decodes percent-encoding repeatedly", () => {
    expect(findXssVector("%3Cscript")).to.equal("<script");
    expect(findXssVector("%253Cscript")).to.equal("<script");
    expect(findXssVector("%25253Ciframe")).to.equal("<iframe");
  });

  it("decodes HTML entities, named and numeric, with or without the semicolon", () => {
    expect(findXssVector("&lt;script")).to.equal("<script");
    expect(findXssVector("&#60;script")).to.equal("<script");
    expect(findXssVector("&#x3C;svg")).to.equal("<svg");
    expect(findXssVector("javascript&colon;x")).to.equal("javascript:");
    expect(findXssVector("&amp;lt;object")).to.equal("<object");
    expect(findXssVector("&#x6a&#x61vascript:")).to.equal("javascript:");
  });

  it("decodes JavaScript escapes", () => {
    expect(findXssVector("\\x3cscript")).to.equal("<script");
    expect(findXssVector("\\u003ciframe")).to.equal("<iframe");
  });

  it("passes ordinary patterns, including query strings that merely contain 'on'", () => {
    for (const pattern of [
      "/api/v2/*",
      "^/checkout/[0-9]+$",
      "?sponsor=1",
      "/session=abc",
      "%20ok",
    ]) {
      expect(findXssVector(pattern), pattern).to.equal(undefined);
    }
  });

  it("gives the same answer when called twice in a row (no regex state carries over)", () => {
    const inputs = ["%3Cscript", "%3Cscript", "safe", "javascript:", "javascript:"];
    const first = inputs.map(findXssVector);
    const second = inputs.map(findXssVector);
    expect(second).to.deep.equal(first);
    expect(first).to.deep.equal(["<script", "<script", undefined, "javascript:", "javascript:"]);
  });

  it("leaves an out-of-range numeric entity as it is instead of throwing", () => {
    expect(revealStages("&#99999999999;")).to.deep.equal(["&#99999999999;"]);
  });
});
