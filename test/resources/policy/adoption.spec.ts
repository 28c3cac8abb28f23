import { expect } from "chai";
import { readWidget, type Widget } from "../../../provider/cxone/widget";
import {
  adoptionGuard,
  adoptionPreviewLine,
  adoptionRecord,
  policyBeforeAdoption,
  releaseWrite,
  undoWrite,
} from "../../../provider/resources/policy/adoption";
import type { WebchatSecurityPolicyOutputs } from "../../../provider/resources/policy/inputs";
import { isCxoneWebchatError } from "../../../provider/errors/base-error";
import { digestOf } from "../../../provider/resources/policy/state";

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
        settingsKeys: ["securityPolicies", "securityPoliciesManagedBy", "k"],
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
      options: { managedBy: "old/s/r", adoption: null, settingsKeys: ["a"] },
    });
    expect(releaseWrite({ ...stored, onDelete: "clear" })).to.deep.equal({
      policy: undefined,
      options: { managedBy: null, adoption: null, settingsKeys: ["a"] },
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
      withPolicy(adopted, { policy: undefined, settingsKeys: null, settingsNull: true }),
    ).to.deep.equal({
      id: "w",
      settings: null,
    });
    expect(withPolicy(adopted, { policy: undefined, settingsKeys: null })).to.deep.equal({
      id: "w",
    });
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

  describe("with livePolicyDigest", () => {
    const live = String(digestOf(POLICY));
    const other = "f".repeat(64);
    const claim = "p/s/policy-w";
    const resource = { widgetId: "w", managedBy: claim, livePolicyDigest: live };
    /** What the guard throws for a version of the widget, or undefined when it lets the write go. */
    const check = (found: ReturnType<typeof widget>, r: Parameters<typeof adoptionGuard>[0]) => {
      try {
        adoptionGuard(r).precondition?.(found);
        return undefined;
      } catch (error) {
        return error;
      }
    };

    it("previews an unchanged policy as adopted as it is, with the short digest", () => {
      expect(adoptionPreviewLine("w", live, live)).to.equal(
        `adopts widget w; policy unchanged (digest ${live.slice(0, 12)})`,
      );
    });

    it("previews another declared policy as replacing the live one, with both digests", () => {
      expect(adoptionPreviewLine("w", other, live)).to.equal(
        `adopts widget w; the declared policy (digest ${other.slice(0, 12)}) replaces the live one (digest ${live.slice(0, 12)})`,
      );
    });

    it("lets the write go on a widget whose policy, in any key order, has that digest", () => {
      const reordered = {
        authentication: { requireToken: false },
        corsOrigins: POLICY.corsOrigins,
      };
      expect(check(widget({ securityPolicies: reordered, greeting: "hi" }), resource)).to.equal(
        undefined,
      );
    });

    it("refuses a widget whose policy changed, naming the widget, both digests and the ways on", () => {
      const changed = { ...POLICY, corsOrigins: ["https://b.example.com"] };
      const digest = String(digestOf(changed));
      const error = check(widget({ securityPolicies: changed }), resource);
      if (!isCxoneWebchatError(error, "live-policy-changed"))
        throw new Error(`not refused: ${String(error)}`);
      expect(error.message).to.equal(
        `widget w changed since its livePolicyDigest was taken: livePolicyDigest is ${live}, ` +
          `the live policy's digest is ${digest}; nothing was written. ` +
          "Export the widgets again (pulumi-cxone-webchat export) and run pulumi up with the new data file, " +
          "or, to overwrite the live policy with the declared one, remove livePolicyDigest from this resource.",
      );
    });

    it("refuses a widget that has no policy now, or one today's rules refuse", () => {
      for (const [settings, says] of [
        [{ greeting: "hi" }, "the widget has no policy now"],
        [{ securityPolicies: null }, "the widget has no policy now"],
        [undefined, "the widget has no policy now"],
        [{ securityPolicies: { corsOrigins: ["*"] } }, "breaks today's rules now"],
      ] as const) {
        const error = check(widget(settings), resource);
        expect(
          isCxoneWebchatError(error, "live-policy-changed"),
          JSON.stringify(settings),
        ).to.equal(true);
        expect((error as Error).message).to.contain(says);
      }
    });

    it("compares what the widget held before an earlier, unrecorded create of this resource", () => {
      const resumed = widget({
        securityPolicies: { ...POLICY, corsOrigins: ["https://declared.example.com"] },
        securityPoliciesManagedBy: claim,
        securityPoliciesAdopted: { securityPolicies: POLICY, settingsKeys: [] },
      });
      expect(check(resumed, resource)).to.equal(undefined);
      expect(
        isCxoneWebchatError(
          check(resumed, { ...resource, livePolicyDigest: other }),
          "live-policy-changed",
        ),
      ).to.equal(true);
    });

    it("refuses another stack's widget as such, before comparing digests", () => {
      const claimed = widget({ securityPolicies: POLICY, securityPoliciesManagedBy: "q/t/r" });
      expect(
        isCxoneWebchatError(
          check(claimed, { ...resource, livePolicyDigest: other }),
          "widget-ownership",
        ),
      ).to.equal(true);
    });

    it("adds nothing to the claim guard without livePolicyDigest", () => {
      const changed = widget({ securityPolicies: { corsOrigins: ["*"] } });
      expect(check(changed, { widgetId: "w", managedBy: claim })).to.equal(undefined);
    });
  });
});
