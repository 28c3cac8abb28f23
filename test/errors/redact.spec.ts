import { expect } from "chai";
import { redact, REDACTED } from "../../provider/errors/redact";

describe("redact", () => {
  it("removes every known secret value", () => {
    expect(redact("the secret is s3cr3t-value, again s3cr3t-value", ["s3cr3t-value"])).to.equal(
      `the secret is ${REDACTED}, again ${REDACTED}`,
    );
  });

  it("removes bearer tokens, token fields, form secrets and webhook secrets by shape", () => {
    const text =
      'Authorization: Bearer abc.def.ghi {"access_token":"tok123","client_secret":"x"} client_secret=zzz&scope=a whsec_QUJD';
    const out = redact(text);
    for (const leaked of ["abc.def.ghi", "tok123", '"x"', "zzz", "QUJD"])
      expect(out).to.not.contain(leaked);
    expect(out).to.contain("scope=a");
  });

  it("ignores undefined and very short secrets, which would shred the text", () => {
    expect(redact("a b c", [undefined, "a"])).to.equal("a b c");
  });

  it("removes the user info of every URL, in any case, and leaves an @ in a path alone", () => {
    const text =
      'cxone:baseUrl: "https://apiuser:S3cret@api.example.com" and HTTP://U:S3cret@H/x, s3://b/p@x, https://h.example/a@b';
    const out = redact(text);
    expect(out).to.not.contain("S3cret");
    expect(out).to.not.contain("apiuser");
    expect(out).to.contain(`https://${REDACTED}@api.example.com`);
    expect(out).to.contain("s3://b/p@x");
    expect(out).to.contain("https://h.example/a@b");
  });

  it("keeps a placeholder after client_secret=, and still takes out anything else there", () => {
    expect(redact("set CXONE_CLIENT_SECRET=<client secret> first")).to.equal(
      "set CXONE_CLIENT_SECRET=<client secret> first",
    );
    for (const value of ["<abc", "abc>", "<a&b>", "x<y>"])
      expect(redact(`client_secret=${value}`), value).to.match(/^client_secret=\[REDACTED\]/);
  });
});
