import { expect } from "chai";
import { findXssVector } from "../../../provider/policy/xss";
import { findScriptDataUri, INERT_DATA_TYPES } from "../../../provider/policy/xss/data-uri";
import { expectAccepted, expectRejectedByValidator, FORMS, letterCases } from "./forms";

/** Types that run script somewhere a `data:` URI can be used, each with where. */
const SCRIPT_TYPES = [
  "text/html", // a page
  "image/svg+xml", // a page with <script> and handlers
  "application/xhtml+xml",
  "application/xml",
  "text/xml",
  "text/javascript", // <script src>, import()
  "application/javascript",
  "application/ecmascript",
  "text/plain", // <script src> runs it: only image, audio, video and text/csv are refused
  "text/css", // expression() in old browsers, and <script src> runs it
  "application/octet-stream",
  "application/pdf", // a PDF viewer may run its JavaScript
  "font/woff2",
  "image/svg", // not a raster type: the list is explicit
  "image/png+xml",
  "x/y",
];

describe("data: URIs", () => {
  it("accepts every inert type (raster images, audio, video) in every form and letter case", () => {
    for (const type of INERT_DATA_TYPES) {
      for (const spelling of letterCases(`data:${type};base64,iVBORw0KGgo=`)) {
        for (const [, write] of FORMS) expectAccepted(write(spelling));
      }
    }
  });

  it("accepts a raster image with no payload, or with parameters", () => {
    for (const text of [
      "data:image/png",
      "data:image/jpeg;charset=x;base64,AAAA",
      "data:image/gif,GIF89a",
    ]) {
      expectAccepted(text);
    }
  });

  it("rejects every type that can run script, in every form and letter case, naming the type", () => {
    for (const type of SCRIPT_TYPES) {
      expect(INERT_DATA_TYPES.has(type), type).to.equal(false);
      for (const spelling of letterCases(`data:${type},x`)) {
        for (const [form, write] of FORMS) {
          const pattern = write(spelling);
          expect(findXssVector(pattern)?.vector, `${pattern} (${form})`).to.equal(`data:${type}`);
          expectRejectedByValidator(pattern);
        }
      }
    }
  });

  it("rejects a data: URI with no type, which means text/plain", () => {
    expect(findScriptDataUri("data:,alert(1)")).to.equal("data:,");
    expect(findScriptDataUri("data:;base64,YWxlcnQoMSk=")).to.equal("data:;");
  });

  it("looks at every data: URI in a text, not only the first", () => {
    expect(findScriptDataUri("data:image/png,x data:text/html,y")).to.equal("data:text/html");
    expect(findXssVector("x=data:image/png;base64,AA&y=data:image/svg+xml,z")?.vector).to.equal(
      "data:image/svg+xml",
    );
  });

  it("still finds script inside or beside an inert data: URI", () => {
    expect(findXssVector("data:image/png,<script>")?.vector).to.equal("<script");
    expect(findXssVector('data:image/png;base64,x" onerror=alert(1)')?.vector).to.equal("onerror=");
    expect(findXssVector("data:image/png,javascript:alert(1)")?.vector).to.equal("javascript:");
  });
});
