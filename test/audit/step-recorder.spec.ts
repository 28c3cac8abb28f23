import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { AUDIT_FILE, type AuditLine } from "../../provider/audit/audit-log";
import { RecordedStep } from "../../provider/audit/step-recorder";
import { verifyAuditChain } from "../../provider/audit/verify-audit";
import { FakeClock } from "../helpers/fake-clock";
import { useTempDir } from "../helpers/temp-dir";

describe("RecordedStep", () => {
  const audit = useTempDir("step-recorder-");
  const lines = () =>
    readFileSync(join(audit.path, AUDIT_FILE), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as AuditLine);

  const begin = (clock: FakeClock, secrets: string[] = []) =>
    new RecordedStep(
      { dir: audit.path, now: () => new Date(clock.now()), secrets },
      { resource: "WebchatSecurityPolicy", widgetId: "w1", action: "create", digestBefore: null },
    );

  it("writes a success with the digest it left, its request ids, and its latency by the given clock", async () => {
    const clock = new FakeClock();
    const step = begin(clock).before("a".repeat(64)).add("req-1", undefined, "req-2");
    await clock.sleep(1234);
    await step.succeed("b".repeat(64));
    expect(lines()).to.have.length(1);
    expect(lines()[0]).to.deep.include({
      resource: "WebchatSecurityPolicy",
      widgetId: "w1",
      action: "create",
      digestBefore: "a".repeat(64),
      digestAfter: "b".repeat(64),
      requestIds: ["req-1", "req-2"],
      latencyMs: 1234,
      outcome: "success",
      time: new Date(clock.now()).toISOString(),
    });
    expect(verifyAuditChain(audit.path)).to.deep.equal({ ok: true, lines: 1 });
  });

  it("writes a failure with its error redacted of the secrets and of token shapes, and returns it", async () => {
    const step = begin(new FakeClock(), ["s3cr3t-value"]);
    const message = await step.fail(
      new Error("refused s3cr3t-value with Authorization: Bearer abc.def"),
    );
    expect(message).to.equal("refused [REDACTED] with Authorization: Bearer [REDACTED]");
    expect(lines()[0]).to.deep.include({ outcome: "failure", error: message, digestAfter: null });
  });

  it("writes an undelivered step with its reason", async () => {
    await begin(new FakeClock()).succeed(null, "undelivered", new Error("connection refused"));
    expect(lines()[0]).to.deep.include({ outcome: "undelivered", error: "connection refused" });
  });
});
