import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { Redaction } from "../../provider/errors/redact";
import { AuditTrail } from "../../provider/audit/audit-trail";
import { AuditSpool } from "../../provider/audit/audit-spool";
import { dirSinkKind } from "../../provider/audit/local-dir-sink";
import { RecordedStep } from "../../provider/audit/step-recorder";
import { verifyAuditChain } from "../../provider/audit/verify-audit";
import { auditLines } from "../helpers/audit-lines";
import { FakeClock } from "../helpers/fake-clock";
import { useTempDir } from "../helpers/temp-dir";

describe("RecordedStep", () => {
  const audit = useTempDir("step-recorder-");
  const dir = () => join(audit.path, "trail");
  const trail = (location = dir()) =>
    new AuditTrail({
      sink: dirSinkKind.open(location, "test", { env: {} }),
      spool: new AuditSpool(join(audit.path, "spool"), location),
    });

  const begin = (
    clock: FakeClock,
    secrets: string[] = [],
    options: { trail?: AuditTrail; warn?: (m: string) => void } = {},
  ) =>
    new RecordedStep(
      {
        trail: options.trail ?? trail(),
        clock,
        redaction: new Redaction(),
        secrets,
        ...(options.warn === undefined ? {} : { warn: options.warn }),
      },
      { resource: "WebchatSecurityPolicy", widgetId: "w1", action: "create", digestBefore: null },
    );

  it("writes a success with the digest it left, its request ids, and its latency by the given clock", async () => {
    const clock = new FakeClock();
    const step = begin(clock).before("a".repeat(64)).add("req-1", undefined, "req-2");
    await clock.sleep(1234);
    const recorded = await step.succeed("b".repeat(64));
    expect(auditLines(dir())).to.have.length(1);
    expect(auditLines(dir())[0]).to.deep.include({
      seq: 1,
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
    expect(recorded.anchor).to.equal(auditLines(dir())[0]?.hash);
    expect(step.anchor).to.equal(recorded.anchor);
    expect(verifyAuditChain(dir())).to.deep.equal({ ok: true, lines: 1 });
  });

  it("writes a failure with its error redacted of the secrets and of token shapes, and returns it", async () => {
    const step = begin(new FakeClock(), ["s3cr3t-value"]);
    const message = await step.fail(
      new Error("refused s3cr3t-value with Authorization: Bearer abc.def"),
    );
    expect(message).to.equal("refused [REDACTED] with Authorization: Bearer [REDACTED]");
    expect(auditLines(dir())[0]).to.deep.include({
      outcome: "failure",
      error: message,
      digestAfter: null,
    });
  });

  it("writes an undelivered step with its reason", async () => {
    await begin(new FakeClock()).succeed(null, "undelivered", new Error("connection refused"));
    expect(auditLines(dir())[0]).to.deep.include({
      outcome: "undelivered",
      error: "connection refused",
    });
  });

  it("warns, naming the spool and the reason, when the line was spooled instead of written", async () => {
    const blocker = join(audit.path, "blocker");
    writeFileSync(blocker, "");
    const warnings: string[] = [];
    const recorded = await begin(new FakeClock(), [], {
      trail: trail(join(blocker, "trail")),
      warn: (m) => warnings.push(m),
    }).succeed(null);
    expect(recorded.anchor).to.match(/^spool:[0-9a-f]{32}$/);
    expect(warnings).to.have.length(1);
    expect(warnings[0])
      .to.contain("the audit line of this create (WebchatSecurityPolicy w1) is kept in")
      .and.contain(join(audit.path, "spool"))
      .and.contain("ENOTDIR: not a directory")
      .and.contain("the next pulumi preview, up, refresh or destroy here writes it there first");
  });
});
