import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { policyDigest } from "../../../provider/policy/digest";
import { checkPolicyInputs } from "../../../provider/resources/policy/check";

const args = {
  widgetId: "w1",
  corsOrigins: ["https://B.example/", "https://a.example"],
  authentication: { requireToken: false },
};

describe("checkPolicyInputs", () => {
  it("normalizes the policy, fills in defaults, and adds the facts preview shows", () => {
    const { inputs, failures } = checkPolicyInputs(args);
    expect(failures).to.deep.equal([]);
    const policy = {
      corsOrigins: ["https://a.example", "https://b.example"],
      authentication: { requireToken: false },
      rules: [],
      allowInsecureOrigins: false,
    };
    expect(inputs).to.deep.equal({
      widgetId: "w1",
      onDelete: "restore",
      ...policy,
      policyDigest: policyDigest(policy),
      rulesCount: 0,
      corsOriginsCount: 2,
    });
  });

  it("passes a policy with a part still unknown through unvalidated, with no facts", () => {
    const { inputs, failures } = checkPolicyInputs({ ...args, corsOrigins: unknownValue });
    expect(failures).to.deep.equal([]);
    expect(inputs.corsOrigins).to.equal(unknownValue);
    expect(inputs).to.not.have.property("policyDigest");
  });

  it("refuses an unknown property and a bad widgetId or onDelete, each with its path", () => {
    const { failures } = checkPolicyInputs({ ...args, widgetId: " ", onDelete: "keep", colour: 1 });
    expect(failures.map((f) => f.path)).to.deep.equal(["colour", "widgetId", "onDelete"]);
    expect(failures[2]?.reason).to.equal('"keep" must be one of restore, clear');
  });

  it("refuses a plain-http tenant in the connection, which the client secret would travel to", () => {
    const { failures } = checkPolicyInputs({
      ...args,
      connection: { baseUrl: "http://tenant.example", clientSecret: "s" },
    });
    expect(failures.map((f) => f.path)).to.deep.equal(["connection.baseUrl"]);
  });

  describe("livePolicyDigest", () => {
    const digest = "0123456789abcdef".repeat(4);

    it("passes a policy digest on as given", () => {
      const { inputs, failures } = checkPolicyInputs({ ...args, livePolicyDigest: digest });
      expect(failures).to.deep.equal([]);
      expect(inputs.livePolicyDigest).to.equal(digest);
    });

    it("is absent when not given", () => {
      expect(checkPolicyInputs(args).inputs).to.not.have.property("livePolicyDigest");
    });

    const notDigest =
      "must be a policy digest: 64 lowercase hex digits, as the policyDigest output gives it";
    const notString = "must be a string: the policy digest of the widget's live policy";
    for (const [value, rule] of [
      [digest.toUpperCase(), notDigest],
      [digest.slice(1), notDigest],
      [`${digest}0`, notDigest],
      [`sha256:${digest}`, notDigest],
      [` ${digest}`, notDigest],
      ["", notDigest],
      [64, notString],
      [null, notString],
    ] as const) {
      it(`refuses ${JSON.stringify(value)}, naming the field, the value and the rule`, () => {
        const { failures } = checkPolicyInputs({ ...args, livePolicyDigest: value });
        expect(failures).to.deep.equal([
          { path: "livePolicyDigest", reason: `${JSON.stringify(value)} ${rule}` },
        ]);
      });
    }

    it("passes an unknown value through at preview", () => {
      const { inputs, failures } = checkPolicyInputs({ ...args, livePolicyDigest: unknownValue });
      expect(failures).to.deep.equal([]);
      expect(inputs.livePolicyDigest).to.equal(unknownValue);
    });
  });
});
