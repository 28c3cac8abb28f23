import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { diffPolicy, diffResponse } from "../../../provider/resources/policy/diff";

const olds = {
  widgetId: "w1",
  corsOrigins: ["https://a.example"],
  authentication: { requireToken: false },
  rules: [],
  allowInsecureOrigins: false,
  onDelete: "restore",
  managedBy: "p/s/r",
  baseUrl: "https://t",
};

describe("diffPolicy", () => {
  it("finds no change between equal normalized values on the same tenant", () => {
    expect(diffPolicy(olds, { ...olds })).to.deep.equal({
      changes: false,
      replaces: [],
      changed: [],
    });
  });

  it("lists exactly the properties that changed in place", () => {
    const result = diffPolicy(olds, { ...olds, rules: [{ id: "x" }], onDelete: "clear" });
    expect(result).to.deep.equal({ changes: true, replaces: [], changed: ["rules", "onDelete"] });
  });

  it("changes nothing when livePolicyDigest alone changes, is added or is removed", () => {
    const [a, b] = ["a".repeat(64), "b".repeat(64)];
    const none = { changes: false, replaces: [], changed: [] };
    expect(
      diffPolicy({ ...olds, livePolicyDigest: a }, { ...olds, livePolicyDigest: b }),
    ).to.deep.equal(none);
    expect(diffPolicy(olds, { ...olds, livePolicyDigest: b })).to.deep.equal(none);
    expect(diffPolicy({ ...olds, livePolicyDigest: a }, olds)).to.deep.equal(none);
    expect(diffResponse(diffPolicy(olds, { ...olds, livePolicyDigest: b }))).to.deep.equal({
      changes: false,
    });
  });

  it("replaces the resource when widgetId changes", () => {
    expect(diffPolicy(olds, { ...olds, widgetId: "w2" }).replaces).to.deep.equal(["widgetId"]);
  });

  it("replaces, and says from where to where, when the policy moves to another tenant", () => {
    const result = diffPolicy(olds, { ...olds, baseUrl: "https://u" });
    expect(result.replaces).to.deep.equal(["baseUrl"]);
    expect(result.move).to.deep.equal({
      from: { baseUrl: "https://t", tenantId: undefined },
      to: { baseUrl: "https://u", tenantId: undefined },
    });
    const byId = diffPolicy({ ...olds, tenantId: "t-1" }, { ...olds, tenantId: "t-2" });
    expect(byId.replaces).to.deep.equal(["tenantId"]);
  });

  it("keeps a tenant moved to another API host, when its tenant id is the same", () => {
    const result = diffPolicy(
      { ...olds, tenantId: "t-1", baseUrl: "https://api-na1.example" },
      { ...olds, tenantId: "t-1", baseUrl: undefined },
    );
    expect(result).to.deep.equal({ changes: false, replaces: [], changed: [] });
  });

  it("reads state written before tenants were checked at preview by its base URL alone", () => {
    const { baseUrl: _b, ...newsWithoutTenant } = olds;
    expect(diffPolicy(olds, { ...newsWithoutTenant, baseUrl: "https://t" }).changes).to.equal(
      false,
    );
  });

  it("does not replace while the connection argument is not known yet", () => {
    const result = diffPolicy(olds, { ...olds, baseUrl: undefined, connection: unknownValue });
    expect(result.replaces).to.deep.equal([]);
    expect(result.changed).to.deep.equal(["connection"]);
  });

  it("counts a value not known yet as a change, since it may turn out different", () => {
    const result = diffPolicy(olds, { ...olds, corsOrigins: unknownValue });
    expect(result.changed).to.deep.equal(["corsOrigins"]);
  });

  it("ignores what the provider adds (digest, etag) and takes a new claim as an update", () => {
    const result = diffPolicy(
      { ...olds, etag: '"1"', policyDigest: "x" },
      { ...olds, managedBy: "p/s2/r" },
    );
    expect(result).to.deep.equal({ changes: true, replaces: [], changed: ["managedBy"] });
  });
});

describe("diffResponse", () => {
  it("leaves an in-place update's changes to the engine, which then records which paths changed", () => {
    // Unknown, not true: the engine compares the inputs itself and keeps a detailed diff, so that
    // its display marks only the hidden lists that changed.
    expect(
      diffResponse(diffPolicy(olds, { ...olds, corsOrigins: ["https://b.example"] })),
    ).to.deep.equal({});
  });

  it("says no change when there is none", () => {
    expect(diffResponse(diffPolicy(olds, { ...olds }))).to.deep.equal({ changes: false });
  });

  it("answers a replacement itself, naming what forces it, deleting first", () => {
    expect(diffResponse(diffPolicy(olds, { ...olds, widgetId: "w2" }))).to.deep.equal({
      changes: true,
      replaces: ["widgetId"],
      deleteBeforeReplace: true,
    });
  });
});
