import { expect } from "chai";
import {
  ADOPTED_FIELD,
  adoptionOf,
  MANAGED_BY_FIELD,
  readWidget,
  withPolicy,
  type Widget,
} from "../../provider/cxone/widget";

const A = "proj/dev/chat";
const POLICY = { corsOrigins: ["https://a.example.com"] };
const OURS = { corsOrigins: ["https://ours.example.com"] };

const raw = (settings: Record<string, unknown>): Widget => ({
  id: "wc-1",
  name: "Chat",
  settings: { greeting: "hi", ...settings },
});
const widget = (settings: Record<string, unknown>) => readWidget(raw(settings));

describe("widget", () => {
  describe("readWidget", () => {
    it("reads the policy, the claim and the record once, and a null policy as none", () => {
      const doc = widget({ securityPolicies: POLICY, [MANAGED_BY_FIELD]: A });
      expect(doc.policy).to.deep.equal(POLICY);
      expect(doc.claim).to.equal(A);
      expect(doc.adoption).to.equal(undefined);
      expect(widget({ securityPolicies: null }).policy).to.equal(undefined);
    });

    it("holds the policy field as it is, null included, and the keys of settings in order", () => {
      expect(widget({ securityPolicies: null, theme: "x" }).presentRecord).to.deep.equal({
        securityPolicies: null,
        settingsKeys: ["greeting", "securityPolicies", "theme"],
      });
      expect(readWidget({ id: "w" }).presentRecord).to.deep.equal({ settingsKeys: null });
    });

    it("reads a record that is not an object as none, and drops fields it does not know", () => {
      expect(widget({ [ADOPTED_FIELD]: "x" }).adoption).to.equal(undefined);
      expect(widget({ [ADOPTED_FIELD]: [1] }).adoption).to.equal(undefined);
      expect(
        widget({ [ADOPTED_FIELD]: { securityPolicies: null, other: 1, [MANAGED_BY_FIELD]: 7 } })
          .adoption,
      ).to.deep.equal({ securityPolicies: null });
    });
  });

  describe("withPolicy", () => {
    it("changes the policy and nothing else, keeping the order of keys", () => {
      const next = withPolicy(widget({ securityPolicies: POLICY, theme: "dark" }), {
        policy: OURS,
      });
      expect(JSON.stringify(next)).to.equal(
        JSON.stringify(raw({ securityPolicies: OURS, theme: "dark" })),
      );
    });

    it("records what a widget held when a write claims it anew", () => {
      const found = widget({ securityPolicies: POLICY, [MANAGED_BY_FIELD]: "proj/old/chat" });
      const next = withPolicy(found, { policy: OURS, managedBy: A, adoption: "record" });
      expect(next.settings).to.deep.equal({
        greeting: "hi",
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
        [ADOPTED_FIELD]: {
          securityPolicies: POLICY,
          [MANAGED_BY_FIELD]: "proj/old/chat",
          settingsKeys: ["greeting", "securityPolicies", MANAGED_BY_FIELD],
        },
      });
    });

    it("keeps the record of a widget that already carries the claim, and records nothing without one", () => {
      const ours = raw({
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
        [ADOPTED_FIELD]: { securityPolicies: POLICY },
      });
      expect(
        withPolicy(readWidget(ours), { policy: OURS, managedBy: A, adoption: "record" }),
      ).to.deep.equal(ours);
      expect(
        withPolicy(widget({}), { policy: OURS, adoption: "record" }).settings,
      ).to.not.have.property(ADOPTED_FIELD);
    });

    it("gives back a widget byte for byte: absent, empty, null and reordered settings", () => {
      const originals: Widget[] = [
        { id: "w", name: "no settings" },
        { id: "w", settings: {}, name: "empty settings" },
        { id: "w", settings: { securityPolicies: null, b: 1 } },
        {
          id: "w",
          settings: { z: 1, securityPolicies: POLICY, [MANAGED_BY_FIELD]: "p/o/r", a: 2 },
        },
      ];
      for (const original of originals) {
        const adopted = withPolicy(readWidget(original), {
          policy: OURS,
          managedBy: A,
          adoption: "record",
        });
        const held = adoptionOf(readWidget(adopted), A);
        const restored = withPolicy(readWidget(adopted), {
          policy: held.securityPolicies,
          managedBy: held[MANAGED_BY_FIELD] ?? null,
          adoption: null,
          settingsKeys: held.settingsKeys,
        });
        expect(JSON.stringify(restored)).to.equal(JSON.stringify(original));
      }
    });

    it("keeps another writer's new settings when giving a widget back", () => {
      const adopted = withPolicy(readWidget({ id: "w" }), {
        policy: OURS,
        managedBy: A,
        adoption: "record",
      });
      const settings = adopted.settings as Record<string, unknown>;
      const edited = readWidget({ ...adopted, settings: { ...settings, theme: "dark" } });
      const restored = withPolicy(edited, {
        policy: undefined,
        managedBy: null,
        adoption: null,
        settingsKeys: null,
      });
      expect(restored).to.deep.equal({ id: "w", settings: { theme: "dark" } });
    });
  });

  describe("adoptionOf", () => {
    it("is the record when the widget carries the claim and one, else what the widget holds", () => {
      const recorded = widget({
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
        [ADOPTED_FIELD]: { securityPolicies: POLICY },
      });
      expect(adoptionOf(recorded, A)).to.deep.equal({ securityPolicies: POLICY });
      expect(adoptionOf(recorded, "proj/prod/chat")).to.deep.include({
        securityPolicies: OURS,
        [MANAGED_BY_FIELD]: A,
      });
      expect(adoptionOf(widget({}), A)).to.deep.equal({ settingsKeys: ["greeting"] });
    });
  });
});
