import { expect } from "chai";
import { normalizeOrigin } from "../../provider/policy/origin";

function normal(text: string, allowInsecure = false): string {
  const result = normalizeOrigin(text, allowInsecure);
  if (!result.ok) throw new Error(`expected ${text} to be valid: ${result.requirement}`);
  return result.origin;
}

function rule(text: string, allowInsecure = false): string {
  const result = normalizeOrigin(text, allowInsecure);
  if (result.ok) throw new Error(`expected ${text} to be rejected, got ${result.origin}`);
  return result.requirement;
}

describe("normalizeOrigin", () => {
  it("lowercases the scheme and host", () => {
    expect(normal("HTTPS://Shop.Example.COM")).to.equal("https://shop.example.com");
  });

  it("converts an internationalized host to punycode", () => {
    expect(normal("https://bücher.example")).to.equal("https://xn--bcher-kva.example");
  });

  it("drops the default port and the trailing slash", () => {
    expect(normal("https://example.com:443/")).to.equal("https://example.com");
    expect(normal("http://localhost:80/")).to.equal("http://localhost");
  });

  it("keeps a non-default port", () => {
    expect(normal("https://example.com:8443")).to.equal("https://example.com:8443");
  });

  it("accepts http for localhost, 127.0.0.1 and [::1]", () => {
    expect(normal("http://localhost:3000")).to.equal("http://localhost:3000");
    expect(normal("http://127.0.0.1:8080")).to.equal("http://127.0.0.1:8080");
    expect(normal("http://[::1]:8080")).to.equal("http://[::1]:8080");
  });

  it("rejects http for any other host unless insecure origins are allowed", () => {
    expect(rule("http://example.com")).to.match(/uses http.*allowInsecureOrigins/);
    expect(normal("http://example.com", true)).to.equal("http://example.com");
  });

  it("rejects a hostname that merely starts with localhost", () => {
    expect(rule("http://localhost.evil.example")).to.match(/uses http/);
  });

  it("rejects a wildcard and the null origin, saying why", () => {
    expect(rule("*")).to.match(/wildcard/);
    expect(rule("null")).to.match(/sandboxed iframes/);
  });

  it("rejects a path, a query, a fragment and user info", () => {
    expect(rule("https://example.com/chat")).to.match(/has a path \(\/chat\)/);
    expect(rule("https://example.com?x=1")).to.match(/has a query/);
    expect(rule("https://example.com?")).to.match(/has a query/);
    expect(rule("https://example.com#top")).to.match(/has a fragment/);
    expect(rule("https://user:pw@example.com")).to.match(/user info/);
  });

  it("rejects other schemes and text that is not a URL", () => {
    expect(rule("ftp://example.com")).to.match(/scheme ftp:/);
    expect(rule("javascript:alert(1)")).to.match(/scheme javascript:/);
    expect(rule("example.com")).to.match(/not a URL/);
  });

  it("is idempotent", () => {
    for (const text of ["HTTPS://A.example:443/", "http://[::1]:80", "https://bücher.example"]) {
      expect(normal(normal(text))).to.equal(normal(text));
    }
  });
});
