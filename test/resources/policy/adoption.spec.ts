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
