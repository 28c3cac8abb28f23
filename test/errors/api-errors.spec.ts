import { expect } from "chai";
import {
  CxoneApiError,
  isWafUnreachable,
  RestoreRefusedError,
  WebhookDeliveryError,
} from "../../provider/errors/api-errors";
import { isCxoneWebchatError } from "../../provider/errors/base-error";

const answer = {
  method: "PUT",
  path: "/api/v2/webchat/widgets/w1",
  status: 422,
  statusText: "Unprocessable Entity",
  detail: "rules are invalid",
};

describe("RestoreRefusedError", () => {
  it("is not an API answer itself: it wraps one, and has no status of its own", () => {
    const refused = new RestoreRefusedError("w1", new CxoneApiError(answer));
    expect(refused.message).to.contain("PUT /api/v2/webchat/widgets/w1 failed with 422");
    expect(isCxoneWebchatError(refused, "cxone-api")).to.equal(false);
  });
});

describe("isWafUnreachable", () => {
  const failed = (status: number | "network" | "timeout") =>
    new WebhookDeliveryError("https://waf/hook", "deployed", status, 3, "no");

  it("is true for no connection, a timeout, a 429 and a 5xx", () => {
    for (const status of ["network", "timeout", 429, 500, 503] as const)
      expect(isWafUnreachable(failed(status)), String(status)).to.equal(true);
  });

  it("is false for a WAF that answered with another 4xx, and for other errors", () => {
    for (const status of [400, 401, 404, 302])
      expect(isWafUnreachable(failed(status)), String(status)).to.equal(false);
    expect(isWafUnreachable(new CxoneApiError({ ...answer, status: 503 }))).to.equal(false);
  });
});
