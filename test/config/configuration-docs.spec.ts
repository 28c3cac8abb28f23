import { expect } from "chai";
import { readStackConfig } from "../../provider/config/stack-config";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { docExamples } from "../helpers/docs-tables";
import { thrown } from "../helpers/rejection";

const EXAMPLES = docExamples("docs/configuration.md", "Examples, checked by the tests");

/** The settings every example starts from: the quickstart's. */
const BASE: Record<string, string> = {
  "cxone:baseUrl": "https://api-na1.niceincontact.com",
  "cxone:clientId": "demo-client",
  "cxone:clientSecret": "demo-secret",
};

const read = (key: string, value: string) => {
  const values = { ...BASE, [key]: value };
  return readStackConfig({ get: (k: string) => values[k] });
};

describe("docs/configuration.md's examples", () => {
  it("cover every key of the README's configuration table that takes a value to check", () => {
    const keys = new Set(EXAMPLES.map((e) => e.field));
    for (const key of [
      "cxone:baseUrl",
      "cxone:authUrl",
      "cxone:discoveryUrl",
      "cxone:tenantId",
      "cxone:tenants",
      "cxone:auditKey",
      "cxone:requestsPerSecond",
      "cxone:rateMode",
    ])
      expect(keys, key).to.include(key);
  });

  for (const example of EXAMPLES) {
    const name = `${example.field} ${JSON.stringify(example.text)}`;
    if (example.accepted) {
      it(`accepts ${name}`, () => {
        expect(() => read(example.field, example.text)).to.not.throw();
      });
    } else {
      it(`refuses ${name}, naming the key${example.text.includes("S3cret") ? " and never the secret" : ""}`, () => {
        const error = thrown(() => read(example.field, example.text));
        expect(isCxoneWebchatError(error, "invalid-setting"), String(error)).to.equal(true);
        expect(error.message).to.match(new RegExp(`^${example.field.replace(/[[\]]/g, "\\$&")}`));
        expect(error.message.toLowerCase()).to.contain(example.says.toLowerCase());
        expect(error.message).to.not.contain("S3cret");
        expect(error.stack ?? "").to.not.contain("S3cret");
      });
    }
  }
});
