import { expect } from "chai";
import {
  describeClaim,
  managedByClaim,
  ownership,
  stackOfClaim,
} from "../../provider/policy/ownership";

describe("ownership", () => {
  const ours = managedByClaim("proj", "dev", "support/chat");

  it("builds a claim whose stack part survives a resource name with slashes", () => {
    expect(ours).to.equal("proj/dev/support/chat");
    expect(stackOfClaim(ours)).to.equal("proj/dev");
    expect(describeClaim(ours)).to.equal('stack "proj/dev" (resource "support/chat")');
  });

  it("decides: ours, unclaimed, taken over from the named stack, or another's", () => {
    expect(ownership(undefined, ours)).to.equal("unclaimed");
    expect(ownership(ours, ours)).to.equal("ours");
    expect(ownership("proj/prod/support/chat", ours)).to.equal("another");
    expect(ownership("proj/dev/other", ours)).to.equal("another");
    expect(ownership("proj/prod/support/chat", ours, "proj/prod")).to.equal("take-over");
    expect(ownership("proj/prod/support/chat", ours, "proj/staging")).to.equal("another");
  });
});
