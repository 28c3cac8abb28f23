import { expect } from "chai";
import { readWidget, type Widget } from "../../../provider/cxone/widget";
import {
  adoptionRecord,
  policyBeforeAdoption,
  releaseWrite,
  undoWrite,
} from "../../../provider/resources/policy/adoption";
import type { WebchatSecurityPolicyOutputs } from "../../../provider/resources/policy/inputs";

const POLICY = { corsOrigins: ["https://a.example.com"], authentication: { requireToken: false } };
const widget = (settings: unknown) =>
  readWidget({ id: "w", ...(settings === undefined ? {} : { settings }) } as Widget);

describe("adoption", () => {
  it("records the policy as exact JSON, the claim, and the settings keys in order", () => {
    expect(adoptionRecord(widget({ z: 1, securityPolicies: POLICY, a: 2 }), "p/s/r")).to.deep.equal(
      {
        previousPolicyJson: JSON.stringify(POLICY),
        previousManagedBy: null,
        previousSettingsKeys: ["z", "securityPolicies", "a"],
      },
    );
    expect(adoptionRecord(widget({ securityPolicies: null }), "p/s/r").previousPolicyJson).to.equal(
      "null",
    );
    expect(adoptionRecord(widget(undefined), "p/s/r")).to.deep.equal({
      previousPolicyJson: null,
      previousManagedBy: null,
      previousSettingsKeys: null,
    });
  });

  it("takes a lost create's record for what the widget held, when the widget carries our claim", () => {
    const claim = "p/s/r";
    const resumed = widget({
      securityPolicies: { mine: true },
      securityPoliciesManagedBy: claim,
      securityPoliciesAdopted: { securityPolicies: POLICY, settingsKeys: ["greeting"] },
      greeting: "hi",
    });
    expect(adoptionRecord(resumed, claim).previousPolicyJson).to.equal(JSON.stringify(POLICY));
    expect(policyBeforeAdoption(resumed, claim)).to.deep.equal(POLICY);
    expect(policyBeforeAdoption(resumed, "other/s/r")).to.deep.equal({ mine: true });
  });

  it("undoes a create with an unguarded write of what the widget held", () => {
    const before = widget({ securityPolicies: POLICY, securityPoliciesManagedBy: "x/y/z", k: 1 });
    expect(undoWrite(before)).to.deep.equal({
      policy: POLICY,
      options: {
        guarded: false,
        managedBy: "x/y/z",
        adoption: null,
        layout: ["securityPolicies", "securityPoliciesManagedBy", "k"],
      },
    });
  });

  it("gives back, or clears, on release as onDelete says", () => {
    const stored = {
      onDelete: "restore",
      managedBy: "p/s/r",
      previousPolicyJson: JSON.stringify(POLICY),
      previousManagedBy: "old/s/r",
      previousSettingsKeys: ["a"],
    } as unknown as WebchatSecurityPolicyOutputs;
    expect(releaseWrite(stored)).to.deep.equal({
      policy: POLICY,
      options: { managedBy: "old/s/r", adoption: null, layout: ["a"] },
    });
    expect(releaseWrite({ ...stored, onDelete: "clear" })).to.deep.equal({
      policy: undefined,
      options: { managedBy: null, adoption: null, layout: ["a"] },
    });
  });
});

describe("a widget whose settings was null", () => {
  it("is recorded as such, and given back as null where the tenant takes it", async () => {
    const { withPolicy } = await import("../../../provider/cxone/widget");
    const before = widget(null);
    const record = adoptionRecord(before, "p/s/r");
    expect(record).to.deep.include({ previousSettingsKeys: null, previousSettingsNull: true });
    const adopted = readWidget({ id: "w", settings: { securityPolicies: POLICY } } as Widget);
    expect(
      withPolicy(adopted, { policy: undefined, layout: null, settingsNull: true }),
    ).to.deep.equal({
      id: "w",
      settings: null,
    });
    expect(withPolicy(adopted, { policy: undefined, layout: null })).to.deep.equal({ id: "w" });
  });

  it("falls back to no settings only when the tenant refused the settings field", async () => {
    const { refusedNullSettings } = await import("../../../provider/resources/policy/adoption");
    const refused = { status: 400, fieldErrors: [{ field: "settings" }] };
    expect(refusedNullSettings({ settingsNull: true }, refused)).to.equal(true);
    expect(refusedNullSettings({}, refused)).to.equal(false);
    expect(refusedNullSettings({ settingsNull: true }, { ...refused, status: 500 })).to.equal(
      false,
    );
    expect(
      refusedNullSettings({ settingsNull: true }, { status: 400, fieldErrors: [{ field: "id" }] }),
    ).to.equal(false);
  });
});
