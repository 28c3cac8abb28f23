import { expect } from "chai";
import { claimStackOf } from "../../provider/cli/claim-stack";
import { parseIds } from "../../provider/cli/widget-ids";

describe("parseIds", () => {
  it("takes ids split by lines, commas or spaces, each once, skipping # comments", () => {
    expect(parseIds("# shop\nwc-1, wc-2\n\n  wc-3 wc-1 # again\n")).to.deep.equal([
      "wc-1",
      "wc-2",
      "wc-3",
    ]);
    expect(parseIds(" , \n# none\n")).to.deep.equal([]);
  });
});

describe("claimStackOf", () => {
  it("names the stack as claims do, from the project or a fully qualified stack", () => {
    expect(claimStackOf("prod", "shop")).to.equal("shop/prod");
    expect(claimStackOf("acme/shop/prod", undefined)).to.equal("shop/prod");
    expect(claimStackOf("prod", undefined)).to.equal(undefined);
  });
});
