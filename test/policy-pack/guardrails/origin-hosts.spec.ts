import { expect } from "chai";
import {
  isUnderDomain,
  normalizeDomain,
  originHost,
} from "../../../policy-pack/guardrails/origin-hosts";

describe("policy-pack origin-hosts", () => {
  it("reads an origin's host as the URL parser gives it", () => {
    expect(originHost("https://WWW.Example.com:8443")).to.equal("www.example.com");
    expect(originHost("https://bücher.example")).to.equal("xn--bcher-kva.example");
    expect(originHost("http://[::1]:3000")).to.equal("[::1]");
    expect(originHost("not a url")).to.equal(undefined);
  });

  it("normalizes a configured domain the same way, and refuses one that is not a host name", () => {
    for (const domain of ["Example.COM", ".example.com", "*.example.com", " example.com "])
      expect(normalizeDomain(domain), domain).to.equal("example.com");
    expect(normalizeDomain("Bücher.example")).to.equal("xn--bcher-kva.example");
    for (const bad of ["", "https://example.com", "example.com:443", "a/b", "exa mple.com"])
      expect(normalizeDomain(bad), bad).to.equal(undefined);
  });

  it("counts a domain and its subdomains, and not a name that merely ends the same", () => {
    expect(isUnderDomain("example.com", "example.com")).to.equal(true);
    expect(isUnderDomain("shop.eu.example.com", "example.com")).to.equal(true);
    expect(isUnderDomain("notexample.com", "example.com")).to.equal(false);
    expect(isUnderDomain("example.com.evil.net", "example.com")).to.equal(false);
  });
});
