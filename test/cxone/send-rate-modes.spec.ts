import { expect } from "chai";
import { AdaptiveRate } from "../../provider/cxone/adaptive-rate";
import { TokenBucket } from "../../provider/cxone/rate-limiter";
import {
  DEFAULT_SEND_RATE_MODE,
  parseSendRateMode,
  SEND_RATE_MODES,
  tenantSendRate,
} from "../../provider/cxone/send-rate-modes";
import { isInvalidSettingError } from "../../provider/errors/invalid-setting-error";
import { FakeClock } from "../helpers/fake-clock";

describe("send rate modes", () => {
  const limit = { requestsPerSecond: 10, burst: 5 };

  it("builds the adaptive rate by default, and the fixed bucket on request", () => {
    expect(DEFAULT_SEND_RATE_MODE).to.equal("adaptive");
    expect(SEND_RATE_MODES.adaptive(limit, new FakeClock())).to.be.instanceOf(AdaptiveRate);
    expect(SEND_RATE_MODES.fixed(limit, new FakeClock())).to.be.instanceOf(TokenBucket);
  });

  it("reads a mode's name, and refuses another naming the field, the value and the choices", () => {
    expect(parseSendRateMode("cxone:rateMode", "fixed")).to.equal("fixed");
    let error: unknown;
    try {
      parseSendRateMode("cxone:rateMode", "turbo");
    } catch (e) {
      error = e;
    }
    expect(isInvalidSettingError(error)).to.equal(true);
    expect((error as Error).message).to.equal(
      'cxone:rateMode: "turbo" is not a rate mode: use "adaptive" or "fixed"',
    );
    expect(() => parseSendRateMode("cxone:rateMode", "toString")).to.throw(/not a rate mode/);
  });

  it("shares one pacing per tenant in a process, the first caller's mode winning", () => {
    const a = tenantSendRate("https://tenant-a.example", limit, "fixed");
    expect(tenantSendRate("https://tenant-a.example", limit, "adaptive")).to.equal(a);
    expect(a).to.be.instanceOf(TokenBucket);
    expect(tenantSendRate("https://tenant-b.example", limit)).to.be.instanceOf(AdaptiveRate);
  });
});
