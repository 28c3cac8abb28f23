import { expect } from "chai";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import {
  auditSettings,
  readStackConfig,
  type StackConfig,
} from "../../provider/config/stack-config";
import { thrown } from "../helpers/rejection";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("readStackConfig", () => {
  it("reads every cxone key, trimming base URLs to one form", () => {
    expect(
      readStackConfig(
        config({
          "cxone:baseUrl": "https://api.example.com/",
          "cxone:clientId": "id",
          "cxone:clientSecret": "s3cret",
          "cxone:requestsPerSecond": "25",
        }),
      ),
    ).to.deep.include({
      baseUrl: "https://api.example.com",
      clientId: "id",
      clientSecret: "s3cret",
      requestsPerSecond: 25,
    });
  });

  it("names the key, the value and the rule of a cxone:requestsPerSecond that is not a rate", () => {
    for (const value of ["abc", "0", "-1", "", "Infinity", "1e9"]) {
      const error = thrown(() => readStackConfig(config({ "cxone:requestsPerSecond": value })));
      expect(isCxoneWebchatError(error, "invalid-setting"), value).to.equal(true);
      expect(error.message).to.equal(
        `cxone:requestsPerSecond: ${JSON.stringify(value)} must be a number of requests per second greater than 0 and at most 1000`,
      );
    }
  });

  it("reads cxone:rateMode, and refuses a mode that does not exist", () => {
    expect(readStackConfig(config({ "cxone:rateMode": "fixed" })).pacingMode).to.equal("fixed");
    expect(thrown(() => readStackConfig(config({ "cxone:rateMode": "fast" }))).message).to.equal(
      'cxone:rateMode: "fast" is not a pacing mode: use "adaptive" or "fixed"',
    );
  });

  it("refuses a malformed or plain-http base URL, naming the key and the rule", () => {
    expect(
      thrown(() => readStackConfig(config({ "cxone:baseUrl": "api.example" }))).message,
    ).to.match(/^cxone:baseUrl: "api.example" is not an absolute URL/);
    expect(
      thrown(() => readStackConfig(config({ "cxone:baseUrl": "http://api.example.com" }))).message,
    ).to.equal(
      `cxone:baseUrl: "http://api.example.com" must use https: every credential and token is sent to it (plain http only for localhost, 127.0.0.1, [::1])`,
    );
  });

  it("never shows a secret's value in its message", () => {
    const error = thrown(() =>
      readStackConfig(config({ "cxone:clientSecret": `bad\u0000secret-value` })),
    );
    expect(error.message).to.match(/^cxone:clientSecret: the value must not contain NUL/);
    expect(error.message).to.not.contain("secret-value");
  });

  it("reads cxone:tenants keyed by tenant id or base URL, and names a bad entry's path", () => {
    const read = readStackConfig(
      config({
        "cxone:tenants": JSON.stringify({
          "https://a.example.com/": { clientId: "a", clientSecret: "sa" },
          "tenant-b": { accessKeyId: "k", accessKeySecret: "s" },
        }),
      }),
    );
    expect(Object.keys(read.tenants ?? {})).to.deep.equal(["https://a.example.com", "tenant-b"]);
    const error = thrown(() =>
      readStackConfig(
        config({
          "cxone:tenants": JSON.stringify({ "tenant-b": { clientSecret: 7, colour: "x" } }),
        }),
      ),
    );
    expect(error.message).to.match(/^cxone:tenants\["tenant-b"\]/);
    expect(thrown(() => readStackConfig(config({ "cxone:tenants": "[1]" }))).message).to.match(
      /^cxone:tenants: the value must be an object keyed by tenant id or base URL/,
    );
  });
});

describe("auditSettings", () => {
  const at = (settings: StackConfig, env: NodeJS.ProcessEnv) => {
    const { location, source } = auditSettings(settings, env);
    return [source, location];
  };

  it("takes the location from cxone:audit, cxone:auditDir, CXONE_AUDIT, CXONE_AUDIT_DIR, else .cxone-audit", () => {
    const env = { CXONE_AUDIT: "s3://b/p", CXONE_AUDIT_DIR: "/d" };
    expect(at({ audit: "s3://a", auditDir: "/a" }, env)).to.deep.equal(["cxone:audit", "s3://a"]);
    expect(at({ auditDir: "/a" }, env)).to.deep.equal(["cxone:auditDir", "/a"]);
    expect(at({}, env)).to.deep.equal(["CXONE_AUDIT", "s3://b/p"]);
    expect(at({}, { CXONE_AUDIT_DIR: "/d" })).to.deep.equal(["CXONE_AUDIT_DIR", "/d"]);
    expect(at({}, {})).to.deep.equal(["default", ".cxone-audit"]);
  });

  it("takes the key from cxone:auditKey, then CXONE_AUDIT_KEY, and the spool from CXONE_AUDIT_SPOOL", () => {
    const env = { CXONE_AUDIT_KEY: "k".repeat(16), CXONE_AUDIT_SPOOL: "/spool" };
    expect(auditSettings({ auditKey: "s".repeat(16) }, env)).to.deep.include({
      key: "s".repeat(16),
      spoolDir: "/spool",
    });
    expect(auditSettings({}, env).key).to.equal("k".repeat(16));
    expect(auditSettings({}, {})).to.deep.equal({
      location: ".cxone-audit",
      source: "default",
      spoolDir: ".cxone-audit-spool",
    });
  });

  it("refuses a short audit key without showing it", () => {
    const error = thrown(() => auditSettings({}, { CXONE_AUDIT_KEY: "hunter2" }));
    expect(error.message).to.equal(
      'CXONE_AUDIT_KEY: "****" must be at least 16 characters (it has 7)',
    );
    expect(thrown(() => readStackConfig(config({ "cxone:auditKey": "short-key" }))).message)
      .to.contain("cxone:auditKey")
      .and.not.contain("short-key");
  });
});
