import { expect } from "chai";
import { isMissingCredentialsError } from "../../../provider/errors/missing-credentials-error";
import { isInvalidSettingError } from "../../../provider/errors/invalid-setting-error";
import { checkPolicyInputs } from "../../../provider/resources/policy/check";
import {
  auditDirectory,
  resolveCredentials,
  readStackConfig,
} from "../../../provider/resources/shared/stack-config";
import { thrown } from "../../helpers/rejection";

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

describe("tenant base URL and rate settings", () => {
  it("refuses a plain-http tenant, since the client secret is sent to it, naming where the value came from", () => {
    const creds = { clientId: "id", clientSecret: "s3cret-value" };
    const error = thrown(() =>
      resolveCredentials(undefined, { ...creds, baseUrl: "http://api.example.com" }, {}),
    );
    expect(isInvalidSettingError(error)).to.equal(true);
    expect(error.message).to.equal(
      'cxone:baseUrl: "http://api.example.com" must use https: the OAuth client secret is sent to it (plain http only for localhost, 127.0.0.1, [::1])',
    );
    expect(
      thrown(() => resolveCredentials(undefined, creds, { CXONE_BASE_URL: "api.example.com" }))
        .message,
    ).to.match(/^CXONE_BASE_URL: "api.example.com" is not an absolute URL/);
    expect(
      resolveCredentials(undefined, { ...creds, baseUrl: "http://127.0.0.1:8080" }, {}).baseUrl,
    ).to.equal("http://127.0.0.1:8080");
    expect(
      thrown(() => resolveCredentials({ baseUrl: "https://u:p@api.example.com" }, creds, {}))
        .message,
    ).to.match(/^connection\.baseUrl: "https:\/\/u:p@api\.example\.com" must not carry user info/);
  });

  it("reports a plain-http connection.baseUrl at check time, with its path", () => {
    const { failures } = checkPolicyInputs({
      widgetId: "w",
      corsOrigins: ["https://a.example"],
      authentication: { requireToken: false },
      connection: { baseUrl: "http://api.example.com" },
    });
    expect(failures.map((f) => f.path)).to.deep.equal(["connection.baseUrl"]);
  });

  it("refuses a cxone:requestsPerSecond that is not a positive number", () => {
    const config = (value: string) => ({
      get: (k: string) => (k === "cxone:requestsPerSecond" ? value : undefined),
    });
    expect(thrown(() => readStackConfig(config("fast"))).message).to.equal(
      'cxone:requestsPerSecond: "fast" must be a positive number of requests per second',
    );
    expect(thrown(() => readStackConfig(config("0"))).message).to.match(/positive number/);
    expect(readStackConfig(config("25")).requestsPerSecond).to.equal(25);
  });

  it("reads cxone:rateMode, and refuses a mode that does not exist", () => {
    const config = (value: string) => ({
      get: (k: string) => (k === "cxone:rateMode" ? value : undefined),
    });
    expect(readStackConfig(config("fixed")).rateMode).to.equal("fixed");
    expect(thrown(() => readStackConfig(config("fast"))).message).to.equal(
      'cxone:rateMode: "fast" is not a rate mode: use "adaptive" or "fixed"',
    );
  });
});

describe("auditDirectory", () => {
  it("uses cxone:auditDir, then CXONE_AUDIT_DIR, then .cxone-audit", () => {
    expect(auditDirectory({ auditDir: "/a" }, { CXONE_AUDIT_DIR: "/b" })).to.equal("/a");
    expect(auditDirectory({}, { CXONE_AUDIT_DIR: "/b" })).to.equal("/b");
    expect(auditDirectory({}, {})).to.equal(".cxone-audit");
  });
});
