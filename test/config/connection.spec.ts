import { expect } from "chai";
import { connectionFor, resolveConnection, settingSecrets } from "../../provider/config/connection";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { thrown } from "../helpers/rejection";

const env = {
  CXONE_BASE_URL: "https://env.example",
  CXONE_CLIENT_ID: "env-id",
  CXONE_CLIENT_SECRET: "env-secret",
};

describe("resolveConnection", () => {
  it("takes the credentials' fields from the connection, then stack config, then the environment", () => {
    expect(
      resolveConnection({ clientId: "conn-id" }, { baseUrl: "https://config.example" }, env),
    ).to.deep.equal({
      tenant: { baseUrl: "https://config.example" },
      credentials: {
        kind: "client-credentials",
        values: { clientId: "conn-id", clientSecret: "env-secret" },
      },
    });
  });

  it("takes the tenant from one place: a connection's tenant id is not sent to the config's base URL", () => {
    const resolved = resolveConnection({ tenantId: "t-1" }, { baseUrl: "https://c.example" }, env);
    expect(resolved.tenant).to.deep.equal({ tenantId: "t-1" });
  });

  it("uses access keys when the highest place holding credentials names one", () => {
    const resolved = resolveConnection(
      { accessKeyId: "k" },
      { accessKeySecret: "ks", clientId: "x", clientSecret: "y" },
      env,
    );
    expect(resolved.credentials).to.deep.equal({
      kind: "access-key",
      values: { accessKeyId: "k", accessKeySecret: "ks" },
    });
  });

  it("names every missing setting and all three ways to set it, and no secret", () => {
    const error = thrown(() =>
      resolveConnection(undefined, { clientSecret: "only-this-secret" }, {}),
    );
    expect(isCxoneWebchatError(error, "missing-credentials")).to.equal(true);
    for (const part of [
      "baseUrl or tenantId; clientId are not set",
      "cxone:baseUrl or cxone:tenantId",
      "CXONE_CLIENT_ID",
      "connection.baseUrl or connection.tenantId",
    ])
      expect(error.message).to.contain(part);
    expect(error.message).to.not.contain("only-this-secret");
    const none = thrown(() => resolveConnection(undefined, { baseUrl: "https://a.example" }, {}));
    expect(none.message).to.contain(
      "credentials (clientId and clientSecret for OAuth2 client credentials, or accessKeyId and accessKeySecret for CXone access key)",
    );
  });

  it("refuses an environment value that cannot be used, naming the variable", () => {
    const error = thrown(() =>
      resolveConnection(undefined, {}, { CXONE_BASE_URL: "api.example.com" }),
    );
    expect(isCxoneWebchatError(error, "invalid-setting")).to.equal(true);
    expect(error.message).to.match(/^CXONE_BASE_URL: "api.example.com" is not an absolute URL/);
  });
});

describe("connectionFor", () => {
  const use = { widgetId: "w1", next: "Destroying it restores the widget's policy there." };
  const config = { baseUrl: "https://b.example", clientId: "b", clientSecret: "sb" };

  it("uses the stack's settings when they name the recorded tenant", () => {
    expect(
      connectionFor({ baseUrl: "https://b.example" }, undefined, config, {}, use).tenant,
    ).to.deep.equal({ baseUrl: "https://b.example" });
  });

  it("uses the cxone:tenants entry of the recorded tenant when the stack has moved on", () => {
    const resolved = connectionFor(
      { baseUrl: "https://a.example" },
      undefined,
      { ...config, tenants: { "https://a.example": { clientId: "a", clientSecret: "sa" } } },
      {},
      use,
    );
    expect(resolved).to.deep.equal({
      tenant: { baseUrl: "https://a.example" },
      credentials: { kind: "client-credentials", values: { clientId: "a", clientSecret: "sa" } },
    });
  });

  it("refuses, naming both tenants and how to proceed, rather than act on the wrong tenant", () => {
    const error = thrown(() =>
      connectionFor({ baseUrl: "https://a.example" }, undefined, config, {}, use),
    );
    expect(isCxoneWebchatError(error, "tenant-credentials")).to.equal(true);
    expect(error.message).to.equal(
      "the policy of widget w1 lives on tenant https://a.example, as the state records, but the stack's credentials are for tenant https://b.example: nothing was written. " +
        "Destroying it restores the widget's policy there. To act on tenant https://a.example, give its credentials: " +
        `pulumi config set --path 'cxone:tenants["https://a.example"].clientId' <id> and pulumi config set --secret --path 'cxone:tenants["https://a.example"].clientSecret' <secret> (or accessKeyId and accessKeySecret for an access key).`,
    );
  });
});

describe("settingSecrets", () => {
  it("collects every secret of the connection, stack config, its tenants and the environment", () => {
    expect(
      settingSecrets(
        { clientSecret: "c" },
        { accessKeySecret: "k", tenants: { t: { clientSecret: "t" } } },
        { CXONE_CLIENT_SECRET: "e" },
      ).sort(),
    ).to.deep.equal(["c", "e", "k", "t"]);
  });
});
