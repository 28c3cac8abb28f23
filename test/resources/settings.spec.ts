import { expect } from "chai";
import { isMissingCredentialsError } from "../../provider/resources/missing-credentials-error";
import { auditDirectory, resolveCredentials } from "../../provider/resources/settings";

describe("resolveCredentials", () => {
  const env = {
    CXONE_BASE_URL: "https://env.example",
    CXONE_CLIENT_ID: "env-id",
    CXONE_CLIENT_SECRET: "env-secret",
  };

  it("prefers the resource's connection, then stack config, then the environment, field by field", () => {
    expect(
      resolveCredentials({ clientId: "conn-id" }, { baseUrl: "https://config.example/" }, env),
    ).to.deep.equal({
      baseUrl: "https://config.example",
      clientId: "conn-id",
      clientSecret: "env-secret",
    });
  });

  it("names every missing credential and all three ways to set it, and no secret", () => {
    let caught: unknown;
    try {
      resolveCredentials(undefined, { clientSecret: "only-this-secret" }, {});
    } catch (error) {
      caught = error;
    }
    expect(isMissingCredentialsError(caught)).to.equal(true);
    const message = (caught as Error).message;
    for (const part of [
      "baseUrl, clientId are not set",
      "cxone:baseUrl",
      "CXONE_CLIENT_ID",
      "connection.baseUrl",
    ])
      expect(message).to.contain(part);
    expect(message).to.not.contain("only-this-secret");
  });
});

describe("auditDirectory", () => {
  it("uses cxone:auditDir, then CXONE_AUDIT_DIR, then .cxone-audit", () => {
    expect(auditDirectory({ auditDir: "/a" }, { CXONE_AUDIT_DIR: "/b" })).to.equal("/a");
    expect(auditDirectory({}, { CXONE_AUDIT_DIR: "/b" })).to.equal("/b");
    expect(auditDirectory({}, {})).to.equal(".cxone-audit");
  });
});
