import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { diffPolicy } from "../../../provider/resources/policy/diff";

const olds = {
  widgetId: "w1",
  corsOrigins: ["https://a.example"],
  authentication: { requireToken: false },
  rules: [],
  allowInsecureOrigins: false,
  onDelete: "restore",
  managedBy: "p/s/r",
};

describe("diffPolicy", () => {
  it("finds no change between equal normalized values", () => {
    expect(diffPolicy(olds, { ...olds }, "https://t", "https://t")).to.deep.equal({
      changes: false,
      replaces: [],
      changed: [],
    });
  });

  it("lists exactly the properties that changed in place", () => {
    const result = diffPolicy(
      olds,
      { ...olds, rules: [{ id: "x" }], onDelete: "clear" },
      "https://t",
      "https://t",
    );
    expect(result).to.deep.equal({ changes: true, replaces: [], changed: ["rules", "onDelete"] });
  });

  it("replaces for another widget, or another tenant", () => {
    expect(
      diffPolicy(olds, { ...olds, widgetId: "w2" }, "https://t", "https://t").replaces,
    ).to.deep.equal(["widgetId"]);
    expect(diffPolicy(olds, olds, "https://t", "https://u").replaces).to.deep.equal([
      "connection.baseUrl",
    ]);
  });

  it("does not replace while the new tenant is not known yet", () => {
    expect(diffPolicy(olds, olds, "https://t", undefined).changes).to.equal(false);
  });

  it("counts a value not known yet as a change, since it may turn out different", () => {
    const result = diffPolicy(
      olds,
      { ...olds, corsOrigins: unknownValue },
      "https://t",
      "https://t",
    );
    expect(result.changed).to.deep.equal(["corsOrigins"]);
  });

  it("ignores what the provider adds (digest, etag) and takes a new claim as an update", () => {
    const result = diffPolicy(
      { ...olds, etag: '"1"', policyDigest: "x" },
      { ...olds, managedBy: "p/s2/r" },
      "https://t",
      "https://t",
    );
    expect(result).to.deep.equal({ changes: true, replaces: [], changed: ["managedBy"] });
  });
});
