import { expect } from "chai";
import {
  corsOriginsProperty,
  readProperty,
  rulesProperty,
  stackOfUrn,
} from "../../policy-pack/resource-types";

describe("policy-pack resource-types", () => {
  describe("stackOfUrn", () => {
    it("reads the stack name from a resource URN", () => {
      expect(
        stackOfUrn(
          "urn:pulumi:prod-eu::cxone-webchat-multi-env::pulumi-nodejs:dynamic/cxone:WafWebhook::waf-prod",
        ),
      ).to.equal("prod-eu");
    });

    it("refuses text that is not a resource URN, quoting it", () => {
      expect(() => stackOfUrn("prod")).to.throw('"prod" is not a Pulumi resource URN');
    });
  });

  describe("readProperty", () => {
    it("reads one property and passes over the others, even one that throws on access", () => {
      // The policy library's proxy throws on access to a value unknown at preview.
      const props = Object.defineProperty(
        { corsOrigins: ["https://www.example.com"] },
        "policyAppliedAt",
        {
          enumerable: true,
          get: () => {
            throw new Error("unknown during preview");
          },
        },
      );
      expect(readProperty(props, "corsOrigins", corsOriginsProperty)).to.deep.equal({
        kind: "value",
        value: ["https://www.example.com"],
      });
    });

    it("keeps a rule's keys it does not read out of the value, and accepts them", () => {
      const rules = [
        { id: "r", action: "redirect", pattern: "/a", redirectUrl: "https://x.example.com/" },
      ];
      expect(readProperty({ rules }, "rules", rulesProperty)).to.deep.equal({
        kind: "value",
        value: [{ id: "r", action: "redirect", pattern: "/a" }],
      });
    });

    it("tells an absent property (undefined or null) from a malformed one", () => {
      expect(readProperty({}, "rules", rulesProperty)).to.deep.equal({ kind: "absent" });
      expect(readProperty({ rules: null }, "rules", rulesProperty)).to.deep.equal({
        kind: "absent",
      });
      expect(
        readProperty({ rules: [{ id: "a", action: "log" }] }, "rules", rulesProperty),
      ).to.deep.equal({
        kind: "malformed",
        problem: "rules[0].pattern: Invalid input: expected string, received undefined",
      });
    });
  });
});
