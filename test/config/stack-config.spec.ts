import { expect } from "chai";
import { isInvalidSettingError } from "../../provider/errors/invalid-setting-error";
import { auditDirectory, readStackConfig } from "../../provider/config/stack-config";
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
      expect(isInvalidSettingError(error), value).to.equal(true);
      expect(error.message).to.equal(
        `cxone:requestsPerSecond: ${JSON.stringify(value)} must be a number of requests per second greater than 0 and at most 1000`,
      );
    }
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

describe("auditDirectory", () => {
  it("uses cxone:auditDir, then CXONE_AUDIT_DIR, then .cxone-audit", () => {
    expect(auditDirectory({ auditDir: "/a" }, { CXONE_AUDIT_DIR: "/b" })).to.equal("/a");
    expect(auditDirectory({}, { CXONE_AUDIT_DIR: "/b" })).to.equal("/b");
    expect(auditDirectory({}, {})).to.equal(".cxone-audit");
  });
});
