import { expect } from "chai";
import {
  originDomains,
  originDomainViolations,
} from "../../../policy-pack/guardrails/origin-domains";
import { prodPolicyProps, runResourcePolicy } from "../../helpers/policy-pack-args";

const withOrigins = (corsOrigins: unknown) => ({
  name: "webchat-prod",
  props: prodPolicyProps({ corsOrigins }),
});
const config = { allowedDomains: ["example.com", "localhost"] };

describe("webchat-origin-domains", () => {
  it("passes origins whose hosts are allowed domains or under them", () => {
    expect(
      runResourcePolicy(
        originDomains,
        withOrigins([
          "https://example.com",
          "https://shop.eu.example.com",
          "http://localhost:3000",
        ]),
        config,
      ).violations,
    ).to.deep.equal([]);
  });

  it("names each origin outside the domains, its host, the domains and what to do", () => {
    expect(
      runResourcePolicy(
        originDomains,
        withOrigins([
          "https://www.example.com",
          "https://shop.example.net",
          "https://example.com.evil.io",
        ]),
        config,
      ).violations,
    ).to.deep.equal([
      'webchat-prod: corsOrigins includes "https://shop.example.net", whose host shop.example.net is under none of the allowed domains (example.com, localhost). Remove the origin, or have the security team add its domain to allowedDomains.',
      'webchat-prod: corsOrigins includes "https://example.com.evil.io", whose host example.com.evil.io is under none of the allowed domains (example.com, localhost). Remove the origin, or have the security team add its domain to allowedDomains.',
    ]);
  });

  it("does not apply while no domains are configured", () => {
    expect(
      runResourcePolicy(originDomains, withOrigins(["https://anything.io"])).notApplicable,
    ).to.equal("no allowedDomains are configured");
  });

  it("reports origins it cannot read, and refuses a configured domain that is not a host name", () => {
    expect(
      runResourcePolicy(originDomains, withOrigins("https://a.example.com"), config).violations,
    ).to.deep.equal([
      "webchat-prod: corsOrigins: Invalid input: expected array, received string; expected a list of origins.",
    ]);
    expect(originDomainViolations(["garbage"], ["example.com"])).to.deep.equal([
      'corsOrigins includes "garbage", which is not a URL. Remove it.',
    ]);
    expect(() =>
      runResourcePolicy(originDomains, withOrigins([]), {
        allowedDomains: ["https://example.com"],
      }),
    ).to.throw('allowedDomains.0: "https://example.com": must be a host name, such as example.com');
  });
});
