import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { checkWebhookInputs } from "../../../provider/resources/webhook/check";

const SECRET = "whsec_" + Buffer.from("check-spec-key-0123456789abcdefg").toString("base64");
const args = {
  url: "https://waf.example/hook",
  signingSecret: SECRET,
  widgetId: "w1",
  policyDigest: "a".repeat(64),
};

describe("checkWebhookInputs", () => {
  it("fills in the defaults and drops the serialized provider", () => {
    const { inputs, failures } = checkWebhookInputs({ ...args, __provider: "p" });
    expect(failures).to.deep.equal([]);
    expect(inputs).to.deep.equal({
      ...args,
      tenant: "default",
      rulesCount: 0,
      corsOriginsCount: 0,
    });
  });

  it("passes arguments still unknown at preview through as they are", () => {
    const { inputs, failures } = checkWebhookInputs({
      ...args,
      policyDigest: unknownValue,
      policyAppliedAt: unknownValue,
    });
    expect(failures).to.deep.equal([]);
    expect(inputs).to.deep.include({ policyDigest: unknownValue, policyAppliedAt: unknownValue });
  });

  it("tells each broken rule with the value, never the secret's", () => {
    const { failures } = checkWebhookInputs({
      ...args,
      url: "http://waf.example/hook?token=t",
      signingSecret: "whsec_short",
      policyDigest: "ABC",
      rulesCount: -1,
      metadata: { a: 1 },
      extra: true,
    });
    expect(failures.map((f) => f.path)).to.deep.equal([
      "extra",
      "url",
      "signingSecret",
      "policyDigest",
      "rulesCount",
      "metadata",
    ]);
    expect(failures[3]?.reason).to.equal(
      '"ABC" must be 64 lowercase hex digits (a SHA-256 policy digest)',
    );
    expect(failures[4]?.reason).to.equal("-1 must be a whole number, 0 or more");
    expect(JSON.stringify(failures)).to.not.contain("token=t");
    expect(failures[2]?.reason).to.match(/^the signing secret /);
  });

  it("refuses user info or a fragment in the url, showing neither the password nor the query", () => {
    for (const url of [
      "https://hooks:S3cret@waf.example/hook?token=t",
      "HTTPS://HOOKS:S3cret@WAF.EXAMPLE/hook",
      "https://waf.example/hook?token=t#frag",
    ]) {
      const { failures } = checkWebhookInputs({ ...args, url });
      expect(
        failures.map((f) => f.path),
        url,
      ).to.deep.equal(["url"]);
      expect(failures[0]?.reason).to.match(/must not carry user info|must not have a fragment/);
      expect(JSON.stringify(failures)).to.not.match(/S3cret|token=t/);
    }
    expect(
      checkWebhookInputs({ ...args, url: "https://waf.example/hook?k=1" }).failures,
    ).to.deep.equal([]);
  });
});
