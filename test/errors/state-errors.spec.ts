import { expect } from "chai";
import { connectionSecretHint } from "../../provider/config/connection";
import { REDACTED } from "../../provider/errors/redact";
import { SecretUnavailableError } from "../../provider/errors/state-errors";

describe("SecretUnavailableError", () => {
  it("shows where a connection secret goes with a placeholder, not [REDACTED]", () => {
    const error = new SecretUnavailableError(
      "connection.clientSecret of the policy of widget wc-1",
      connectionSecretHint("clientSecret"),
    );
    expect(error.message).to.contain(
      "for example: pulumi config set --secret <the key your program reads> <client secret>, or CXONE_CLIENT_SECRET=<client secret> in the environment",
    );
    expect(error.message).to.not.contain(REDACTED);
  });

  it("names each secret's placeholder and variable", () => {
    expect(connectionSecretHint("accessKeySecret")).to.contain(
      "CXONE_ACCESS_KEY_SECRET=<access key secret>",
    );
  });

  it("still takes out a real secret written where the placeholder goes", () => {
    const error = new SecretUnavailableError("x", "CXONE_CLIENT_SECRET=s3cr3t-0f4c2a");
    expect(error.message).to.not.contain("s3cr3t-0f4c2a");
    expect(error.message).to.contain(`CXONE_CLIENT_SECRET=${REDACTED}`);
  });
});
