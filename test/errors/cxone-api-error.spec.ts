import { expect } from "chai";
import { CxoneApiError, isCxoneApiError } from "../../provider/errors/cxone-api-error";
import { RestoreRefusedError } from "../../provider/errors/restore-refused-error";
import { WidgetNotFoundError } from "../../provider/errors/widget-not-found-error";

const answer = {
  method: "PUT",
  path: "/api/v2/webchat/widgets/w1",
  status: 422,
  statusText: "Unprocessable Entity",
  detail: "rules are invalid",
};

describe("isCxoneApiError", () => {
  it("is true for an answer of the tenant, subclasses included", () => {
    expect(isCxoneApiError(new CxoneApiError(answer))).to.equal(true);
    expect(isCxoneApiError(new WidgetNotFoundError({ ...answer, status: 404 }, "w1"))).to.equal(
      true,
    );
  });

  it("is false for a refused restore, which wraps an answer but has no status of its own", () => {
    const refused = new RestoreRefusedError("w1", new CxoneApiError(answer));
    expect(refused.family).to.equal("api");
    expect(isCxoneApiError(refused)).to.equal(false);
  });
});
