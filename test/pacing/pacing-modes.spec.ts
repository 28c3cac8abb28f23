import { expect } from "chai";
import { AdaptivePacing } from "../../provider/pacing/adaptive-pacing";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import {
  DEFAULT_PACING_MODE,
  parsePacingMode,
  PACING_MODES,
  TenantPacing,
} from "../../provider/pacing/pacing-modes";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { FakeClock } from "../helpers/fake-clock";

describe("pacing modes", () => {
  const limit = { requestsPerSecond: 10, burst: 5 };

  it("builds the adaptive rate by default, and the fixed bucket on request", () => {
    expect(DEFAULT_PACING_MODE).to.equal("adaptive");
    expect(PACING_MODES.adaptive(limit, new FakeClock())).to.be.instanceOf(AdaptivePacing);
    expect(PACING_MODES.fixed(limit, new FakeClock())).to.be.instanceOf(TokenBucket);
  });

  it("reads a mode's name, and refuses another naming the field, the value and the choices", () => {
    expect(parsePacingMode("cxone:rateMode", "fixed")).to.equal("fixed");
    let error: unknown;
    try {
      parsePacingMode("cxone:rateMode", "turbo");
    } catch (e) {
      error = e;
    }
    expect(isCxoneWebchatError(error, "invalid-setting")).to.equal(true);
    expect((error as Error).message).to.equal(
      'cxone:rateMode: "turbo" is not a pacing mode: use "adaptive" or "fixed"',
    );
    expect(() => parsePacingMode("cxone:rateMode", "toString")).to.throw(/not a pacing mode/);
  });

  it("shares one pacing per tenant, limit and mode, and no caller's settings win over another's", () => {
    const paces = new TenantPacing(new FakeClock());
    const a = paces.of("https://tenant-a.example", limit, "fixed");
    expect(paces.of("https://tenant-a.example", limit, "fixed")).to.equal(a);
    expect(a).to.be.instanceOf(TokenBucket);
    expect(paces.of("https://tenant-a.example", limit, "adaptive")).to.be.instanceOf(
      AdaptivePacing,
    );
    expect(paces.of("https://tenant-b.example", limit, "fixed")).to.not.equal(a);
    expect(
      new TenantPacing(new FakeClock()).of("https://tenant-a.example", limit, "fixed"),
    ).to.not.equal(a);
    expect(paces.of("https://tenant-c.example")).to.be.instanceOf(AdaptivePacing);
  });
});
