import { expect } from "chai";
import { anchorsFromState } from "../../provider/cli/stack-anchors";

describe("anchorsFromState", () => {
  it("takes each resource's auditHash with its URN, and skips resources without one", () => {
    const exported = {
      version: 3,
      deployment: {
        manifest: { version: "v3.248.0" },
        resources: [
          { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", outputs: {} },
          { urn: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default" },
          {
            urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy::web",
            outputs: { auditHash: "a".repeat(64), etag: '"1"' },
          },
          {
            urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/cxone:WafWebhook::waf",
            outputs: { auditHash: `spool:${"b".repeat(32)}` },
          },
          { urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/cxone:WafWebhook::old", outputs: {} },
        ],
      },
    };
    expect(anchorsFromState(exported)).to.deep.equal([
      {
        anchor: "a".repeat(64),
        resource: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy::web",
      },
      {
        anchor: `spool:${"b".repeat(32)}`,
        resource: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/cxone:WafWebhook::waf",
      },
    ]);
  });

  it("reads a stack with no resources, and refuses what is not an export", () => {
    expect(anchorsFromState({ version: 3, deployment: { manifest: {} } })).to.deep.equal([]);
    expect(() => anchorsFromState({ resources: [] })).to.throw(
      /^not the output of pulumi stack export/,
    );
  });
});
