import { expect } from "chai";
import { describeTenant, sameTenant, tenantKeys } from "../../provider/config/tenant";

describe("tenant references", () => {
  it("compare by tenant id when both have one, else by base URL, else differ", () => {
    expect(sameTenant({ tenantId: "t", baseUrl: "https://a" }, { tenantId: "t" })).to.equal(true);
    expect(sameTenant({ tenantId: "t" }, { tenantId: "u", baseUrl: "https://a" })).to.equal(false);
    expect(sameTenant({ baseUrl: "https://a" }, { baseUrl: "https://a", tenantId: "t" })).to.equal(
      true,
    );
    expect(sameTenant({ baseUrl: "https://a" }, { tenantId: "t" })).to.equal(false);
  });

  it("read as messages name them, and are looked up by id first", () => {
    expect(describeTenant({ tenantId: "t", baseUrl: "https://a" })).to.equal(
      "tenant t (https://a)",
    );
    expect(describeTenant({ baseUrl: "https://a" })).to.equal("tenant https://a");
    expect(tenantKeys({ tenantId: "t", baseUrl: "https://a" })).to.deep.equal(["t", "https://a"]);
  });
});
