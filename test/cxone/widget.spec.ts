import { expect } from "chai";
import {
  ADOPTED_FIELD,
  adoptionOf,
  heldBefore,
  MANAGED_BY_FIELD,
  withPolicy,
  type Widget,
} from "../../provider/cxone/widget";

const A = "proj/dev/chat";
const POLICY = { corsOrigins: ["https://a.example.com"] };
const OURS = { corsOrigins: ["https://ours.example.com"] };

const widget = (settings: Record<string, unknown>): Widget => ({
  id: "wc-1",
  name: "Chat",
  settings: { greeting: "hi", ...settings },
});

describe("widget", () => {
  describe("withPolicy", () => {
    it("changes the policy and nothing else, keeping the order of keys", () => {
      const next = withPolicy(widget({ securityPolicies: POLICY, theme: "dark" }), OURS);
      expect(JSON.stringify(next)).to.equal(
        JSON.stringify(widget({ securityPolicies: OURS, theme: "dark" })),
      );
    });

    it("records what a widget held when a write claims it anew", () => {
      const found = widget({ securityPolicies: POLICY, [MANAGED_BY_FIELD]: "proj/old/chat" });
      const next = withPolicy(found, OURS, A, "record");
      expect(next.settings).to.deep.equal({
        greeting: "hi",
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
        [ADOPTED_FIELD]: { securityPolicies: POLICY, [MANAGED_BY_FIELD]: "proj/old/chat" },
      });
    });

    it("keeps the record of a widget that already carries the claim, and records nothing without one", () => {
      const ours = widget({
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
        [ADOPTED_FIELD]: { securityPolicies: POLICY },
      });
      expect(withPolicy(ours, OURS, A, "record")).to.deep.equal(ours);
      expect(withPolicy(widget({}), OURS, undefined, "record").settings).to.not.have.property(
        ADOPTED_FIELD,
      );
    });

    it("sets or removes the record as told", () => {
      const ours = withPolicy(widget({}), OURS, A, "record");
      expect(ours.settings).to.have.property(ADOPTED_FIELD).that.deep.equals({});
      expect(withPolicy(ours, undefined, null, null)).to.deep.equal(widget({}));
    });
  });

  describe("heldBefore", () => {
    it("is the record when the widget carries the claim and one, else what the widget holds", () => {
      const recorded = widget({
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
        [ADOPTED_FIELD]: { securityPolicies: POLICY },
      });
      expect(heldBefore(recorded, A)).to.deep.equal({ securityPolicies: POLICY });
      expect(heldBefore(recorded, "proj/prod/chat")).to.deep.equal({
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
      });
      expect(
        heldBefore(widget({ securityPolicies: OURS, [MANAGED_BY_FIELD]: A }), A),
      ).to.deep.equal({ securityPolicies: OURS, [MANAGED_BY_FIELD]: A });
      expect(heldBefore(widget({}), A)).to.deep.equal({});
    });

    it("reads a record that is not an object as none, and drops fields that are not the two", () => {
      expect(adoptionOf(widget({ [ADOPTED_FIELD]: "x" }))).to.equal(undefined);
      expect(adoptionOf(widget({ [ADOPTED_FIELD]: [1] }))).to.equal(undefined);
      expect(
        adoptionOf(
          widget({ [ADOPTED_FIELD]: { securityPolicies: null, other: 1, [MANAGED_BY_FIELD]: 7 } }),
        ),
      ).to.deep.equal({});
    });
  });
});
