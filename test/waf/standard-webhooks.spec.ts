import { expect } from "chai";
import { sign, signingSecretProblem, verify } from "../../provider/waf/standard-webhooks";

// The example published with the Standard Webhooks specification.
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signing", () => {
  it("reproduces the specification's test vector", () => {
    expect(sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).to.equal(SPEC.signature);
  });

  it("verifies a good signature, also among several", () => {
    const headers = {
      id: SPEC.id,
      timestamp: String(SPEC.timestamp),
      signature: `v1,bogus ${SPEC.signature}`,
    };
    expect(verify(SPEC.secret, headers, SPEC.body, SPEC.timestamp + 10)).to.deep.equal({
      ok: true,
    });
  });

  it("rejects a timestamp more than 5 minutes off, either way", () => {
    const headers = { id: SPEC.id, timestamp: String(SPEC.timestamp), signature: SPEC.signature };
    expect(verify(SPEC.secret, headers, SPEC.body, SPEC.timestamp + 301).ok).to.equal(false);
    expect(verify(SPEC.secret, headers, SPEC.body, SPEC.timestamp - 301).ok).to.equal(false);
    expect(verify(SPEC.secret, headers, SPEC.body, SPEC.timestamp + 300).ok).to.equal(true);
  });

  it("rejects a changed body, id or secret", () => {
    const headers = { id: SPEC.id, timestamp: String(SPEC.timestamp), signature: SPEC.signature };
    expect(verify(SPEC.secret, headers, '{"test": 1}', SPEC.timestamp)).to.deep.equal({
      ok: false,
      reason: "no signature matches",
    });
    expect(
      verify(SPEC.secret, { ...headers, id: "msg_other" }, SPEC.body, SPEC.timestamp).ok,
    ).to.equal(false);
    expect(
      verify("whsec_" + Buffer.alloc(32, 1).toString("base64"), headers, SPEC.body, SPEC.timestamp)
        .ok,
    ).to.equal(false);
  });

  it("checks the form of a signing secret", () => {
    expect(signingSecretProblem(SPEC.secret)).to.equal(undefined);
    expect(signingSecretProblem("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).to.match(
      /must start with whsec_/,
    );
    expect(signingSecretProblem("whsec_not base64!")).to.match(/followed by base64/);
    expect(signingSecretProblem("whsec_YWJj")).to.match(/at least 16 bytes/);
  });
});
