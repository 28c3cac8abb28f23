import { expect } from "chai";
import { MANAGED_BY_FIELD, readWidget, type Widget } from "../../../provider/cxone/widget";
import { isCxoneWebchatError } from "../../../provider/errors/base-error";
import { policyDigest } from "../../../provider/policy/digest";
import {
  knownSnapshot,
  outputsAfterWrite,
  outputsFromLive,
  policyPart,
  storedPolicy,
  upgradePolicyOutputs,
} from "../../../provider/resources/policy/state";
import type { WebchatSecurityPolicyInputs } from "../../../provider/resources/policy/inputs";
import { thrown } from "../../helpers/rejection";

const policy = {
  corsOrigins: ["https://a.example"],
  authentication: { requireToken: false },
  rules: [],
  allowInsecureOrigins: false,
};
const inputs: WebchatSecurityPolicyInputs = {
  widgetId: "w1",
  onDelete: "restore",
  managedBy: "p/dev/chat",
  baseUrl: "https://tenant.example",
  ...policy,
};
const rawWidget = (extra: Record<string, unknown> = {}): Widget => ({
  id: "w1",
  name: "Chat",
  settings: {
    greeting: "hi",
    securityPolicies: policy,
    [MANAGED_BY_FIELD]: "p/dev/chat",
    ...extra,
  },
});
const widget = (extra: Record<string, unknown> = {}) => readWidget(rawWidget(extra));
const written = (etag: string) =>
  outputsAfterWrite(inputs, {
    after: { widget: widget(), etag, requestId: undefined },
    now: new Date("2026-11-26T10:00:00Z"),
    previousPolicyJson: null,
    previousManagedBy: null,
  });

describe("policy state", () => {
  it("takes the policy part in the schema's key order", () => {
    expect(Object.keys(policyPart({ ...inputs }))).to.deep.equal([
      "corsOrigins",
      "authentication",
      "rules",
      "allowInsecureOrigins",
    ]);
  });

  describe("outputsAfterWrite", () => {
    it("stores the facts, the ETag, and the widget without its policy and claim", () => {
      const outs = written('"e1"');
      expect(outs).to.deep.include({
        policyDigest: policyDigest(policy),
        rulesCount: 0,
        corsOriginsCount: 1,
        etag: '"e1"',
        appliedAt: "2026-11-26T10:00:00.000Z",
        schemaVersion: 1,
      });
      expect(JSON.parse(outs.widgetJson)).to.deep.equal({
        id: "w1",
        name: "Chat",
        settings: { greeting: "hi" },
      });
    });

    it("keeps appliedAt when nothing was written (the ETag is the stored one)", () => {
      const before = { ...written('"e1"'), appliedAt: "2026-01-01T00:00:00.000Z" };
      const again = outputsAfterWrite(
        inputs,
        {
          after: { widget: widget(), etag: '"e1"', requestId: undefined },
          now: new Date("2026-11-26T11:00:00Z"),
          previousPolicyJson: null,
          previousManagedBy: null,
        },
        before,
      );
      expect(again.appliedAt).to.equal("2026-01-01T00:00:00.000Z");
    });
  });

  describe("knownSnapshot", () => {
    it("rebuilds the widget as last written: policy and our claim back in, at the stored ETag", () => {
      const snapshot = knownSnapshot(written('"e1"'));
      expect(snapshot.etag).to.equal('"e1"');
      expect(JSON.stringify(snapshot.widget.raw)).to.equal(JSON.stringify(rawWidget()));
    });
  });

  describe("outputsFromLive", () => {
    it("changes nothing when nothing drifted, and gives back the inputs check would", () => {
      const stored = written('"e1"');
      const { props, inputs: live } = outputsFromLive(stored, {
        widget: widget(),
        etag: '"e1"',
        requestId: undefined,
      });
      expect(props).to.deep.equal(stored);
      expect(live).to.deep.equal({
        widgetId: "w1",
        onDelete: "restore",
        ...policy,
        policyDigest: policyDigest(policy),
        rulesCount: 0,
        corsOriginsCount: 1,
        managedBy: "p/dev/chat",
        baseUrl: "https://tenant.example",
      });
    });

    it("shows a changed live policy in both, with its facts and the new ETag", () => {
      const live = { ...policy, corsOrigins: ["https://evil.example"] };
      const { props, inputs: seen } = outputsFromLive(written('"e1"'), {
        widget: widget({ securityPolicies: live }),
        etag: '"e2"',
        requestId: undefined,
      });
      expect(props).to.deep.include({
        corsOrigins: live.corsOrigins,
        etag: '"e2"',
        policyDigest: policyDigest(live),
      });
      expect(seen.corsOrigins).to.deep.equal(live.corsOrigins);
    });

    it("keeps a live policy the model refuses as text, without policy fields, and reads it back", () => {
      const refused = { corsOrigins: "everything" };
      const { props } = outputsFromLive(written('"e1"'), {
        widget: widget({ securityPolicies: refused }),
        etag: '"e2"',
        requestId: undefined,
      });
      expect(props.driftedPolicyJson).to.equal(JSON.stringify(refused));
      expect(props).to.not.have.property("corsOrigins");
      expect(storedPolicy(upgradePolicyOutputs(props))).to.deep.equal(refused);
    });

    it("keeps another stack's claim in widgetJson, so that the next write sees it", () => {
      const { props } = outputsFromLive(written('"e1"'), {
        widget: widget({ [MANAGED_BY_FIELD]: "p/prod/chat" }),
        etag: '"e2"',
        requestId: undefined,
      });
      const snapshot = knownSnapshot(upgradePolicyOutputs(props));
      expect(snapshot.widget.claim).to.equal("p/prod/chat");
    });
  });

  describe("upgradePolicyOutputs", () => {
    it("ignores keys a newer version wrote, and refuses a schema version it does not know", () => {
      const stored = { ...written('"e1"'), fromTheFuture: 1 };
      expect(upgradePolicyOutputs(stored)).to.not.have.property("fromTheFuture");
      expect(
        isCxoneWebchatError(
          thrown(() => upgradePolicyOutputs({ ...stored, schemaVersion: 2 })),
          "stored-state",
        ),
      ).to.equal(true);
    });
  });
});
