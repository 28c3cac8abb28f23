import { expect } from "chai";
import { findXssVector } from "../../../provider/policy/xss";

const vectorOf = (text: string) => findXssVector(text)?.vector;

describe("findXssVector", () => {
  const seeds: Array<[string, string]> = [
    ["/chat<script>", "<script"],
    ["javascript:alert(1)", "javascript:"],
    ["/x onload=1", "onload="],
    ["<iframe src=x", "<iframe"],
    ["<object data=x", "<object"],
    ["eval(name)", "eval("],
    ["width:expression(alert(1))", ":expression("],
  ];
  for (const [pattern, vector] of seeds) {
    it(`finds the seed vector ${vector}`, () => {
      expect(vectorOf(pattern)).to.equal(vector);
    });
  }

  it("names the rule that a vector breaks, for the error message", () => {
    expect(findXssVector("/x onload=1")?.form).to.match(/event-handler attribute/);
    expect(findXssVector("%3Cscript")?.form).to.match(/markup/);
    expect(findXssVector("';alert(1)//")?.form).to.match(/quote that breaks out/);
  });

  it("finds the common evasions: vbscript:, data:text/html, <svg, <embed and srcdoc", () => {
    expect(vectorOf("vbscript:msgbox")).to.equal("vbscript:");
    expect(vectorOf("data:text/html;base64,xx")).to.equal("data:text/html");
    expect(vectorOf("<svg/onload")).to.equal("<svg");
    expect(vectorOf("<embed src")).to.equal("<embed");
    expect(vectorOf("a srcdoc=&lt;script&gt;")).to.equal("srcdoc=");
  });

  it("ignores case where HTML and URLs do", () => {
    expect(vectorOf("JaVaScRiPt:x")).to.equal("javascript:");
    expect(vectorOf("/x OnErRoR=y")).to.equal("onerror=");
  });

  it("sees through white space, control characters, NUL and invisibles inside a keyword", () => {
    expect(vectorOf("java\tscript:x")).to.equal("javascript:");
    expect(vectorOf("java\u0000script:x")).to.equal("javascript:");
    expect(vectorOf("e v a l (1)")).to.equal("eval(");
    expect(vectorOf("/x on\u200bload=1")).to.equal("onload=");
    expect(vectorOf("x:expr/**/ession(1)")).to.equal(":expression(");
  });

  it("decodes percent-encoding repeatedly, %u escapes and overlong UTF-8", () => {
    expect(vectorOf("%3Cscript")).to.equal("<script");
    expect(vectorOf("%253Cscript")).to.equal("<script");
    expect(vectorOf("%25253Ciframe")).to.equal("<iframe");
    expect(vectorOf("%u003Cscript")).to.equal("<script");
    expect(vectorOf("%C0%BCscript")).to.equal("<script");
  });

  it("decodes HTML entities: the whole named table, numeric, and legacy names with no semicolon", () => {
    expect(vectorOf("&lt;script")).to.equal("<script");
    expect(vectorOf("&#60;script")).to.equal("<script");
    expect(vectorOf("&#x3C;svg")).to.equal("<svg");
    expect(vectorOf("javascript&colon;x")).to.equal("javascript:");
    expect(vectorOf("&amp;lt;object")).to.equal("<object");
    expect(vectorOf("&#x6a&#x61vascript:")).to.equal("javascript:");
    expect(vectorOf("&ltscript&gt")).to.equal("<script");
    expect(vectorOf("java&Tab;script&colon;x")).to.equal("javascript:");
    expect(vectorOf("&#0000106avascript:")).to.equal("javascript:");
  });

  it("decodes JavaScript and CSS escapes, and backslashes inside a keyword", () => {
    expect(vectorOf("\\x3cscript")).to.equal("<script");
    expect(vectorOf("\\u003ciframe")).to.equal("<iframe");
    expect(vectorOf("\\u{3c}svg")).to.equal("<svg");
    expect(vectorOf("\\74script")).to.equal("<script");
    expect(vectorOf("\\ja\\vasc\\ript:x")).to.equal("javascript:");
    expect(vectorOf("x:expressio\\6e(1)")).to.equal(":expression(");
    expect(vectorOf("top['al\\x65rt'](1)")).to.equal("']");
    expect(vectorOf("top[al\\x65rt](1)")).to.equal("top[");
  });

  it("decodes UTF-7, US-ASCII high-bit tricks and fullwidth forms (NFKC)", () => {
    expect(vectorOf("+ADw-script+AD4-")).to.equal("<script");
    expect(vectorOf("%BCscript%BEalert(1)")).to.equal("<script");
    expect(vectorOf("＜script＞")).to.equal("<script");
  });

  it("reads every stage as US-ASCII, however the 8-bit byte was encoded", () => {
    for (const text of [
      "¼script¾",
      "%BCscript%BE",
      "%C2%BCscript%C2%BE",
      "&#188;script&#190;",
      "&#xBC;script&#xBE;",
      "&frac14;script&frac34;",
      "&#37;BCscript&#37;BE",
      "%26%23188%3Bscript",
      "\\xBCscript\\xBE",
      "\\u00bcscript\\u00be",
    ]) {
      expect(findXssVector(text)?.form, text).to.match(/^markup/);
    }
    expect(vectorOf("&#188;iframe&#190;")).to.equal("<iframe");
  });

  it("finds script after a byte that could not be decoded, or a letter of another charset", () => {
    expect(vectorOf("\ufffdscriptualert(1)\ufffd/scriptu")).to.equal("\ufffdscript");
    expect(vectorOf("žscriptualert(EXSSE)ž/scriptu")).to.equal("žscript");
    expect(vectorOf("%EF%BF%BDscript")).to.equal("\ufffdscript");
    expect(findXssVector("/wiki/Descripción")).to.equal(undefined);
  });

  it("drops ISO-2022 escape sequences, which show nothing", () => {
    expect(vectorOf("java%1B(Bscript:x")).to.equal("javascript:");
    expect(vectorOf("java\u001b$@script:x")).to.equal("javascript:");
    expect(vectorOf("/x on%1B$(Dload=1")).to.equal("onload=");
  });

  it("counts a < or > that appears only after decoding like a raw one", () => {
    expect(vectorOf("%22%3E")).to.equal(">");
    expect(vectorOf("&lt;/title&gt;")).to.equal("</title");
  });

  it("finds markup with no listed keyword: any tag, namespaced, closing, PHP, SSI", () => {
    for (const [text, vector] of [
      ['<style type="text/javascript">', "<style"],
      ["<a href=x>", "<a"],
      ["<form action=x>", "<form"],
      ["<math>", "<math"],
      ["<x:script>", "<x:script"],
      ["<base href=//evil>", "<base"],
      ["<meta http-equiv=refresh>", "<meta"],
      ["<?php system($x); ?>", "<?php"],
      ['<!--#exec cmd="ls"-->', "<!"],
    ]) {
      expect(vectorOf(text ?? ""), text).to.equal(vector);
    }
  });

  it("finds every event handler, current or old, by a generic on<letters>= rule", () => {
    for (const name of [
      "activate",
      "scrollsnapchange",
      "pointerrawupdate",
      "slotchange",
      "pageswap",
      "command",
      "contentvisibilityautostatechange",
    ]) {
      expect(vectorOf(`" on${name}=alert(1)`), name).to.equal(`on${name}=`);
    }
    expect(vectorOf("<x onload!#$%=1")).to.equal("<x");
    expect(vectorOf("/x onload!#$%=1")).to.equal("onload=");
    expect(vectorOf("{onerror=eval}throw 1")).to.equal("onerror=");
  });

  it("finds an event handler after any quotation mark, straight or typographic", () => {
    for (const quote of `"'\`«»‘’‚‛“”„‟′″‴‵‶‷‹›「」『』〝〞〟ʺʹ״＂＇`) {
      expect(vectorOf(`${quote}onmouseover=x`), quote).to.equal("onmouseover=");
      expect(vectorOf(`/chat?name=x${quote}onload=x`), quote).to.equal("onload=");
    }
    expect(vectorOf("%E2%80%9Conmouseover%3Dx")).to.equal("onmouseover=");
    expect(vectorOf("&ldquo;oncut=&rsquo;/*")).to.equal("oncut=");
  });

  it("finds attributes that load or carry markup, but not parameters named like them", () => {
    for (const [text, vector] of [
      ["<iframe srcdoc=x", "<iframe"],
      ["SRCDOC=&lt;b&gt;", "srcdoc="],
      ["?srcdoc=x", "srcdoc="],
      ["frames[0].srcdoc=x", "srcdoc="],
      ["x formaction=//evil", "formaction="],
      ["&formaction=//evil", "formaction="],
      ['" xlink:href=//evil', "xlink:href="],
      ["xml:base=//evil", "xml:base="],
      ['" src=//evil/x.js', "src="],
      ["' href =//evil", "href="],
      ["” ACTION=//evil", "action="],
      ["x\tstyle=position:fixed", "style="],
      ["x background=//evil/x.png", "background="],
    ]) {
      expect(vectorOf(text ?? ""), text).to.equal(vector);
    }
    for (const text of ["?src=1", "&href=x", "/search?action=edit", "?style=dark", "/x-srcdoc=1"]) {
      expect(findXssVector(text), text).to.equal(undefined);
    }
  });

  it("finds script written in brackets and operators alone (JSFuck)", () => {
    const jsfuck =
      "[][(![]+[])[+[]]+(![]+[])[!+[]+!+[]]+(![]+[])[+!+[]]+(!![]+[])[+[]]]" +
      "[([][(![]+[])[+[]]+(![]+[])[!+[]+!+[]]]+[])[!+[]+!+[]+!+[]]]((!![]+[])[+!+[]])()";
    expect(findXssVector(jsfuck)?.form).to.match(/brackets and operators/);
    expect(findXssVector(encodeURIComponent(jsfuck))?.form).to.match(/brackets and operators/);
    expect(vectorOf("+((+!![]+[])+(!+[]+!![]))")).to.equal("![]");
    expect(vectorOf("$=~[];$={___:++$}")).to.equal("~[]");
    for (const text of ["/search?ids[]=1&ids[]=2", "/search?a[][b]=1", "^/api/[a-z]+$"]) {
      expect(findXssVector(text), text).to.equal(undefined);
    }
  });

  it("finds calls and assignments on browser globals, but not parameters named like them", () => {
    for (const [text, vector] of [
      ["navigator.vibrate(500)", "navigator.vibrate("],
      ["history.replaceState()", "history.replaceState("],
      ["window?.alert?.(1)", "alert?.("],
      ["globalThis.x(1)", "globalThis.x("],
      ["Reflect.apply(x,null,[1])", "Reflect.apply("],
      ["Object.values({a:1})[0](1)", "Object.values("],
      ["console.log(1)", "console.log("],
      ["top.location='//evil'", "top.location="],
      ["window.name=x", "window.name="],
      ["with(document)getElementsByTagName('head')", "with(document"],
      ["document.body.appendChild(x)", "appendChild("],
      ["new Image().src=x", "new Image("],
      ["new WebSocket(x)", "new WebSocket("],
    ]) {
      expect(vectorOf(text ?? ""), text).to.equal(vector);
    }
    for (const text of [
      "/search?window.location=1",
      "&window.innerWidth=1",
      "/search?navigator.userAgent=1",
      "/download/history.csv",
      "/search?p_window.h=1",
      "/odata/Products.Get(1)",
    ]) {
      expect(findXssVector(text), text).to.equal(undefined);
    }
  });

  it("finds script with no markup, written for a string context", () => {
    expect(vectorOf("';alert(1)//")).to.equal("';");
    expect(vectorOf("alert`1`")).to.equal("`");
    expect(vectorOf("-alert(1)-")).to.equal("alert(");
    expect(vectorOf("a=alert,a(1)")).to.equal("alert");
    expect(vectorOf("s1='java'+'script:'")).to.equal("'+'");
    expect(vectorOf("document.cookie")).to.equal("document.cookie");
    expect(vectorOf("x=1;location=name")).to.equal("location=");
  });

  it("finds legacy URLs and CSS, template expressions and every data: URI that can run script", () => {
    expect(vectorOf("mocha:[code]")).to.equal("mocha:");
    expect(vectorOf("livescript:x")).to.equal("livescript:");
    expect(vectorOf("x:behavior:url(#x)")).to.equal("behavior:");
    expect(vectorOf("-moz-binding:url(x)")).to.equal("-moz-binding");
    expect(vectorOf("&{alert(1)};")).to.equal("&{");
    expect(vectorOf("{{constructor.constructor('alert(1)')()}}")).to.equal("{{");
    expect(vectorOf("${7*7}")).to.equal("${");
    expect(vectorOf("data:image/svg+xml;base64,x")).to.equal("data:image/svg+xml");
    expect(vectorOf("data:application/xhtml+xml,x")).to.equal("data:application/xhtml+xml");
    expect(vectorOf("data:,alert(1)")).to.equal("data:,");
    expect(findXssVector("data:image/png;base64,iVBORw0KGgo=")).to.equal(undefined);
  });

  it("passes ordinary patterns, and words that merely contain a keyword", () => {
    for (const pattern of [
      "/api/v2/*",
      "^/checkout/[0-9]+$",
      "?sponsor=1",
      "/session=abc",
      "%20ok",
      "/chat?sessionEnd=1",
      "/chat?sessionStorage=local",
      "/form?validationError=required",
      "/courses?lessonProgress=50",
      "/search?onload=1",
      "/search?m.onLoad=1",
      "/odata/DocumentRetrieval(1)",
      "/api/history/Medieval(476)",
      "/glossary/expression(s)",
      "/odata/Alert(12)",
      "/odata/People('russellwhyte')",
      "/odata/Products?$filter=Name eq 'Milk'&$top=10",
      "/users/{id}",
      "/v1/{name}:cancel",
      "/v1/projects/{p}/data:query",
      "/products;onSale=true",
      "/search?q=eval",
      "/search?a=1&lt=2",
      "/wiki/O'Reilly_Media",
    ]) {
      expect(findXssVector(pattern), pattern).to.equal(undefined);
    }
  });

  it("refuses the legitimate text that the policy model names as refused on purpose", () => {
    expect(vectorOf("/search?q=javascript:tutorial")).to.equal("javascript:");
    expect(vectorOf("/glossary/alert(s)")).to.equal("alert(");
    expect(vectorOf("/odata/Eval(1)")).to.equal("eval(");
  });

  it("gives the same answer when called twice in a row (no regex state carries over)", () => {
    const inputs = ["%3Cscript", "%3Cscript", "safe", "javascript:", "javascript:"];
    const first = inputs.map(vectorOf);
    const second = inputs.map(vectorOf);
    expect(second).to.deep.equal(first);
    expect(first).to.deep.equal(["<script", "<script", undefined, "javascript:", "javascript:"]);
  });

  it("leaves an out-of-range numeric entity harmless instead of throwing", () => {
    expect(findXssVector("&#99999999999;")).to.equal(undefined);
  });
});
