import { expect } from "chai";
import { CxoneWebchatError, isCxoneWebchatError } from "../../provider/errors/base-error";
import { CxoneApiError, isCxoneApiError } from "../../provider/errors/cxone-api-error";
import { CxoneAuthError } from "../../provider/errors/cxone-auth-error";
import { isStoredStateError } from "../../provider/errors/stored-state-error";
import { InvalidArgumentError } from "../../provider/errors/invalid-argument-error";
import { ProgramConfigError } from "../../provider/errors/program-config-error";
import { WebhookDeliveryError } from "../../provider/errors/webhook-delivery-error";
import { WidgetNotFoundError } from "../../provider/errors/widget-not-found-error";
import { upgradePolicyOutputs } from "../../provider/resources/policy/state";
import { thrown } from "../helpers/rejection";

class SomeNewError extends CxoneWebchatError {
  readonly kind = "SomeNewError";
  readonly family = "config";
}

const details = {
  method: "GET",
  path: "/api/v2/webchat/widgets/w1",
  status: 401,
  statusText: "Unauthorized",
  detail: "token simtok_abc123 refused for client secret s3cr3t-value",
  fieldErrors: [{ field: "authorization", message: "Bearer simtok_abc123 is expired" }],
};

describe("CxoneWebchatError", () => {
  it("redacts every message at construction, so that a new throw site cannot forget", () => {
    const error = new SomeNewError('failed: Authorization: Bearer abc.def {"client_secret":"xyz"}');
    expect(error.message).to.equal(
      'failed: Authorization: Bearer [REDACTED] {"client_secret":"[REDACTED]"}',
    );
    expect(isCxoneWebchatError(error)).to.equal(true);
    expect(error.name).to.equal("SomeNewError");
  });

  it("redacts the secrets it is given from the message and from an API error's fields", () => {
    const error = new CxoneApiError(details, { secrets: ["s3cr3t-value", "simtok_abc123"] });
    const everything = JSON.stringify({ message: error.message, details: error.details });
    expect(everything).to.not.contain("s3cr3t-value");
    expect(everything).to.not.contain("simtok_abc123");
    expect(error.fieldErrors[0]?.message).to.equal("Bearer [REDACTED] is expired");
  });

  it("redacts a WAF's answer before cutting it short, leaving no part of a secret at the cut", () => {
    const secret = "whsec_" + "A".repeat(40);
    const body = "x".repeat(190) + secret;
    const error = new WebhookDeliveryError("https://waf/hook", "deployed", 400, 1, body, {
      secrets: [secret],
    });
    expect(error.message).to.not.match(/AAAA/);
  });

  it("gives the program's own errors a frameless stack that is as redacted as the message", () => {
    const errors = [
      new InvalidArgumentError('WafWebhook "waf"', [
        { path: "metadata.note", reason: "holds whsec_c2VjcmV0LXNpZ25pbmcta2V5 and a NUL" },
      ]),
      new ProgramConfigError(
        "proj:waf",
        "proj:waf: whsec_c2VjcmV0LXNpZ25pbmcta2V5 is not an object",
      ),
    ];
    for (const error of errors) {
      expect(error.stack).to.equal(`${error.name}: ${error.message}`);
      expect(error.stack).to.not.contain("c2VjcmV0");
      expect((error as { __pulumiRunError?: boolean }).__pulumiRunError).to.equal(true);
    }
  });

  it("tells the API family by its family field, subclasses included", () => {
    expect(isCxoneApiError(new CxoneAuthError(details))).to.equal(true);
    expect(isCxoneApiError(new WidgetNotFoundError(details, "w1"))).to.equal(true);
    expect(isCxoneApiError(new SomeNewError("x"))).to.equal(false);
    expect(new WidgetNotFoundError(details, "w1").family).to.equal("api");
  });

  it("reading state of an unknown schema version is a typed error that says what to do", () => {
    const error = thrown(() => upgradePolicyOutputs({ schemaVersion: 7 }));
    expect(isStoredStateError(error)).to.equal(true);
    expect(error.message).to.equal(
      "stored WebchatSecurityPolicy state has schemaVersion 7; this version of pulumi-cxone-webchat reads 1 (install the version that wrote it)",
    );
  });
});
