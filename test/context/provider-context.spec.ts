import { expect } from "chai";
import { createProviderContext } from "../../provider/context/provider-context";
import { secretRef } from "../../provider/dynamic/secret-refs";
import { FakeClock } from "../helpers/fake-clock";

describe("createProviderContext", () => {
  it("builds what one process shares, and shares nothing with another context", () => {
    const a = createProviderContext({ env: {} });
    const b = createProviderContext({ env: {} });
    expect(a.tenants).to.not.equal(b.tenants);
    expect(a.audit).to.not.equal(b.audit);
    expect(a.tenants.pacing.of("t")).to.equal(a.tenants.pacing.of("t"));
    expect(a.tenants.pacing.of("t")).to.not.equal(b.tenants.pacing.of("t"));
  });

  it("uses the one clock it is given everywhere: the tenants' pacing, tokens and discovery", () => {
    const clock = new FakeClock();
    expect(createProviderContext({ clock }).tenants.clock).to.equal(clock);
  });

  it("adds every secret its vault meets to the redaction set", () => {
    const context = createProviderContext({ env: { CXONE_CLIENT_SECRET: "from-the-environment" } });
    const ref = context.vault.remember("remembered-secret");
    expect(context.vault.resolve(ref)).to.equal("remembered-secret");
    expect(context.vault.resolve(secretRef("from-the-environment"))).to.equal(
      "from-the-environment",
    );
    expect(context.redaction.apply("remembered-secret and from-the-environment")).to.equal(
      "[REDACTED] and [REDACTED]",
    );
  });
});
