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
});
