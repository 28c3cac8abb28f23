import { expect } from "chai";
import { joinUrl, publicUrl, secureUrlProblem } from "../../provider/http/secure-url";

describe("secureUrlProblem", () => {
  it("accepts https, and http on loopback only", () => {
    expect(secureUrlProblem("https://api.example.com/v1", "x")).to.equal(undefined);
    expect(secureUrlProblem("http://127.0.0.1:8080", "x")).to.equal(undefined);
    expect(secureUrlProblem("http://api.example.com", "the secret")).to.match(
      /must use https: the secret is sent to it/,
    );
  });

  it("refuses a query, a fragment or user info in every form, even where the parser drops it", () => {
    for (const url of ["https://h.example/?x=1", "https://h.example?", "https://h.example/p?"])
      expect(secureUrlProblem(url, "x"), url).to.match(/must not have a query/);
    for (const url of ["https://h.example/#f", "https://h.example#", "https://h.example/?x#"])
      expect(secureUrlProblem(url, "x"), url).to.match(/must not have a fragment/);
    for (const url of [
      "https://u:p@h.example",
      "https://u@h.example",
      "https://:p@h.example",
      "https://@h.example",
      "HTTPS://U:P@H.EXAMPLE",
      "https://h.example@evil.example",
    ])
      expect(secureUrlProblem(url, "x"), url).to.match(/must not carry user info/);
  });

  it("allows a query where the URL is an address of its own, such as a webhook's", () => {
    expect(secureUrlProblem("https://waf.example/hook?k=1", "x", { allowQuery: true })).to.equal(
      undefined,
    );
    expect(secureUrlProblem("https://waf.example/hook#f", "x", { allowQuery: true })).to.match(
      /fragment/,
    );
  });
});

describe("publicUrl", () => {
  it("redacts user info and drops the query, whatever the case", () => {
    expect(publicUrl("https://apiuser:S3cret@api.example.com/a?token=t")).to.equal(
      "https://[REDACTED]@api.example.com/a",
    );
    expect(publicUrl("HTTPS://U:S3cret@H.EXAMPLE", { keepQuery: true })).to.equal(
      "HTTPS://[REDACTED]@H.EXAMPLE",
    );
    expect(publicUrl("https://h.example/p@x?q=1", { keepQuery: true })).to.equal(
      "https://h.example/p@x?q=1",
    );
  });
});

describe("joinUrl", () => {
  it("puts the path under the base's path, once, and encodes the query", () => {
    expect(joinUrl("https://api.example.com", "/oauth/token")).to.equal(
      "https://api.example.com/oauth/token",
    );
    expect(joinUrl("https://api.example.com/prefix/", "/a/b")).to.equal(
      "https://api.example.com/prefix/a/b",
    );
    expect(joinUrl("http://127.0.0.1:9/", "/.well-known/x", { tenantId: "a b&c" })).to.equal(
      "http://127.0.0.1:9/.well-known/x?tenantId=a+b%26c",
    );
  });

  it("refuses a base that a query, fragment or user info would redirect, and shows no password", () => {
    for (const base of ["https://h.example/?x=1", "https://h.example/#f", "https://u:S3cret@h"]) {
      expect(() => joinUrl(base, "/oauth/token"), base)
        .to.throw(/query, fragment or user info/)
        .with.property("message")
        .that.does.not.contain("S3cret");
    }
  });
});
