import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { testContext } from "../../helpers/context";
import { WafReceiver } from "../../../provider/simulator/waf-receiver";
import { WebhookHooks } from "../../../provider/resources/webhook/hooks";
import { FakeClock } from "../../helpers/fake-clock";
import { useTempDir } from "../../helpers/temp-dir";
import { auditLines, auditText } from "../../helpers/audit-lines";
import { rejection } from "../../helpers/rejection";

const SECRET = "whsec_" + Buffer.from("waf-signing-key-0123456789abcdef").toString("base64");
const DIGEST_A = "a".repeat(64);
const DIGEST_B = "b".repeat(64);
type Props = Record<string, unknown>;

describe("WebhookHooks", () => {
  let waf: WafReceiver;
  let clock: FakeClock;
  const audit = useTempDir("waf-audit-");
  beforeEach(async () => {
    clock = new FakeClock(Date.now());
    waf = await new WafReceiver({ secret: SECRET }).start();
  });
  afterEach(async () => {
    await waf.stop();
  });

  let warnings: string[] = [];
  beforeEach(() => {
    warnings = [];
  });
  const provider = (auditDir = audit.path) =>
    new WebhookHooks(
      testContext({
        clock,
        env: { CXONE_AUDIT_DIR: auditDir, CXONE_AUDIT_SPOOL: join(auditDir, ".spool") },
        warn: (message) => warnings.push(message),
      }),
      { delivery: { timeoutMs: 2000 } },
    );
  const args = (overrides: Props = {}): Props => ({
    url: `${waf.url}?token=abc`,
    signingSecret: SECRET,
    widgetId: "wc-support-001",
    policyDigest: DIGEST_A,
    rulesCount: 3,
    corsOriginsCount: 2,
    tenant: "acme",
    ...overrides,
  });
  const checked = async (p: WebhookHooks, news: Props) => {
    const result = await p.check({}, news);
    expect(result.failures).to.deep.equal([]);
    return result.inputs as Props;
  };

  it("check refuses a plain-http non-loopback URL, a malformed secret and a bad digest, without echoing the secret", async () => {
    const result = await provider().check(
      {},
      args({
        url: "http://waf.example/hook?token=t",
        signingSecret: "not-a-secret-value",
        policyDigest: "xyz",
      }),
    );
    expect(result.failures?.every((f) => f.property === "")).to.equal(true);
    const byPath = Object.fromEntries(
      (result.failures ?? []).map((f) => {
        const at = f.reason.indexOf(": ");
        return [f.reason.slice(0, at), f.reason.slice(at + 2)];
      }),
    );
    expect(Object.keys(byPath)).to.have.members(["url", "signingSecret", "policyDigest"]);
    expect(byPath.url)
      .to.match(/must use https/)
      .and.not.contain("token=t");
    expect(JSON.stringify(result.failures)).to.not.contain("not-a-secret-value");
  });

  it("delivers a signed deployed event on create, which the receiver verifies", async () => {
    const p = provider();
    const { outs } = await p.create(await checked(p, args()));
    expect(waf.deliveries).to.have.length(1);
    const delivery = waf.deliveries[0];
    expect(delivery?.type).to.equal("webchat_security_policy_deployed");
    expect((delivery?.payload as { data: Props }).data).to.deep.include({
      tenant: "acme",
      widgetId: "wc-support-001",
      policyDigest: DIGEST_A,
      rulesCount: 3,
      corsOriginsCount: 2,
    });
    const expected = createHmac("sha256", Buffer.from(SECRET.slice(6), "base64"))
      .update(`${delivery?.id}.${delivery?.timestamp}.${delivery?.body}`)
      .digest("base64");
    expect(delivery?.signature).to.equal(`v1,${expected}`);
    expect(outs).to.deep.include({
      deliveryId: delivery?.id,
      responseStatus: 200,
      policyDigest: DIGEST_A,
    });
  });

  it("uses a webhook-id that is stable per (widget, digest), so the receiver drops a repeat", async () => {
    const p = provider();
    const first = await p.create(await checked(p, args()));
    const second = await p.create(await checked(p, args()));
    expect((second.outs as Props).deliveryId).to.equal((first.outs as Props).deliveryId);
    expect(waf.deliveries).to.have.length(1);
    expect(waf.attempts.map((a) => a.reason)).to.deep.equal([
      "processed",
      "duplicate webhook-id: already processed, ignored",
    ]);
  });

  it("gives a rollback to an earlier digest its own webhook-id, so that the WAF processes it", async () => {
    const p = provider();
    const a1 = await p.create(
      await checked(p, args({ policyAppliedAt: "2026-11-26T08:01:00.000Z" })),
    );
    const b = await p.update(
      "id",
      a1.outs as Props,
      await checked(
        p,
        args({ policyDigest: DIGEST_B, policyAppliedAt: "2026-11-26T08:02:00.000Z" }),
      ),
    );
    const a2 = await p.update(
      "id",
      b.outs as Props,
      await checked(
        p,
        args({ policyDigest: DIGEST_A, policyAppliedAt: "2026-11-26T08:03:00.000Z" }),
      ),
    );
    expect(
      waf.deliveries.map(
        (d) => (d.payload as { data: { policyDigest: string } }).data.policyDigest,
      ),
    ).to.deep.equal([DIGEST_A, DIGEST_B, DIGEST_A]);
    expect((a2.outs as Props).deliveryId).to.not.equal((a1.outs as Props).deliveryId);
    // A retry of that same deployment (applied at the same time) is still a repeat.
    await p.update(
      "id",
      b.outs as Props,
      await checked(p, args({ policyAppliedAt: "2026-11-26T08:03:00.000Z" })),
    );
    expect(waf.deliveries).to.have.length(3);
  });

  it("delivers nothing when only the time the policy was applied changes", async () => {
    const p = provider();
    const { outs } = await p.create(
      await checked(p, args({ policyAppliedAt: "2026-11-26T08:01:00.000Z" })),
    );
    const diff = await p.diff(
      "id",
      outs as Props,
      await checked(p, args({ policyAppliedAt: "2026-11-26T08:02:00.000Z" })),
    );
    expect(diff.changes).to.equal(false);
  });

  it("redelivers on update only when the digest or the url changes", async () => {
    const p = provider();
    const { outs } = await p.create(await checked(p, args()));
    const same = await p.update("id", outs as Props, await checked(p, args({ tenant: "acme-eu" })));
    expect(waf.deliveries).to.have.length(1);
    const changed = await p.update(
      "id",
      same.outs as Props,
      await checked(p, args({ policyDigest: DIGEST_B })),
    );
    expect(waf.deliveries).to.have.length(2);
    expect((changed.outs as Props).deliveryId).to.not.equal((outs as Props).deliveryId);
  });

  it("keeps the hash of its last audit line in its outputs, through an update that delivers nothing and a refresh", async () => {
    const p = provider();
    const { outs } = await p.create(await checked(p, args()));
    expect((outs as Props).auditHash).to.equal(auditLines(audit.path)[0]?.hash);
    // An update that delivers nothing is still recorded, with what it changed.
    const quiet = await p.update("id", outs as Props, await checked(p, args({ tenant: "other" })));
    expect(waf.deliveries).to.have.length(1);
    const lines = auditLines(audit.path);
    expect(lines[1]).to.deep.include({ action: "update", changed: ["tenant"] });
    expect((quiet.outs as Props).auditHash).to.equal(lines[1]?.hash);
    const read = await p.read("id", quiet.outs as Props);
    expect(read.props).to.deep.equal(quiet.outs);
    expect(read.inputs).to.not.have.property("auditHash");
  });

  it("retries 503 with backoff and 429 as Retry-After says", async () => {
    waf.failNext({ status: 503 }, { status: 429, retryAfter: "4" });
    const p = provider();
    const { outs } = await p.create(await checked(p, args()));
    expect((outs as Props).responseStatus).to.equal(200);
    expect(clock.sleeps).to.have.length(2);
    expect(clock.sleeps[1]).to.equal(4000);
  });

  it("retries a connection reset", async () => {
    waf.failNext("reset");
    const p = provider();
    await p.create(await checked(p, args()));
    expect(waf.deliveries).to.have.length(1);
  });

  it("counts a 3xx as a failure and does not follow it", async () => {
    waf.failNext({ status: 302, location: "https://elsewhere.example/steal" });
    const p = provider();
    const error = await rejection(p.create(await checked(p, args())));
    expect(error.message).to.match(
      /^delivery of webchat_security_policy_deployed to http:\/\/127\.0\.0\.1:\d+\/hooks\/waf failed with 302 after 1 attempt: redirects are not followed/,
    );
    expect(waf.attempts).to.have.length(1);
  });

  it("fails with the URL (without its query) and the status when every attempt fails", async () => {
    for (let i = 0; i < 5; i++) waf.failNext({ status: 500 });
    const p = provider();
    const error = await rejection(p.create(await checked(p, args())));
    expect(error.message).to.match(
      /to http:\/\/127\.0\.0\.1:\d+\/hooks\/waf failed with 500 after 5 attempts/,
    );
    expect(error.message).to.not.contain("token=abc");
    expect(auditLines(audit.path)[0]).to.deep.include({
      resource: "WafWebhook",
      outcome: "failure",
    });
    expect(auditText(audit.path)).to.not.contain(SECRET.slice(6));
  });

  it("keeps a delivery whose audit line could not be written, as a partial failure with its outputs", async () => {
    const blocker = join(audit.path, "not-a-dir");
    const p = provider(join(blocker, "audit"));
    const inputs = await checked(p, args());
    // The audit directory was usable at check; it breaks before the delivery's line is written.
    writeFileSync(blocker, "");
    const error = (await rejection(p.create({ ...inputs, __provider: "serialized" }))) as Error & {
      id?: string;
      properties?: Props;
    };
    expect(error.message).to.match(
      /^the event was delivered, but recording it in the audit trail failed: /,
    );
    expect(error.id).to.match(/^wc-support-001@http:\/\/127\.0\.0\.1:\d+\/hooks\/waf$/);
    expect(error.properties).to.deep.include({
      __provider: "serialized",
      deliveryId: waf.deliveries[0]?.id,
      policyDigest: DIGEST_A,
    });
  });

  it("sends a removed event on delete", async () => {
    const p = provider();
    const { outs } = await p.create(await checked(p, args()));
    await p.delete("id", outs as Props);
    expect(waf.deliveries.map((d) => d.type)).to.deep.equal([
      "webchat_security_policy_deployed",
      "webchat_security_policy_removed",
    ]);
  });

  describe("delete when the WAF cannot be reached", () => {
    const lines = () => auditLines(audit.path) as unknown as Props[];
    const created = async (overrides: Props = {}) => {
      const p = provider();
      const { outs } = await p.create(await checked(p, args(overrides)));
      return { p, outs: outs as Props };
    };

    it("fails by default, so that the WAF is never silently left believing the policy is live", async () => {
      const { p, outs } = await created();
      for (let i = 0; i < 5; i++) waf.failNext({ status: 503 });
      expect(String(await rejection(p.delete("id", outs)))).to.match(
        /failed with 503 after 5 attempts/,
      );
      expect(lines().at(-1)).to.include({ action: "delete", outcome: "failure" });
    });

    it("goes on with allowUndeliveredRemoval, recording the removal as undelivered", async () => {
      const { p, outs } = await created({ allowUndeliveredRemoval: true });
      for (let i = 0; i < 5; i++) waf.failNext({ status: 503 });
      await p.delete("id", outs);
      expect(waf.deliveries.map((d) => d.type)).to.deep.equal(["webchat_security_policy_deployed"]);
      const last = lines().at(-1);
      expect(last).to.include({ resource: "WafWebhook", action: "delete", outcome: "undelivered" });
      expect(String(last?.error)).to.match(/failed with 503 after 5 attempts/);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(
        /^warning: the WAF was not told that the policy of wc-support-001 was removed \(delivery of webchat_security_policy_removed to http:\/\/127\.0\.0\.1:\d+\/hooks\/waf failed with 503 after 5 attempts/,
      );
      expect(warnings[0]).to.not.contain("token=abc");
    });

    it("still fails with allowUndeliveredRemoval when the WAF answers and refuses", async () => {
      const { p, outs } = await created({ allowUndeliveredRemoval: true });
      waf.failNext({ status: 401 });
      expect(String(await rejection(p.delete("id", outs)))).to.match(/failed with 401/);
      expect(lines().at(-1)).to.include({ outcome: "failure" });
    });

    it("checks that allowUndeliveredRemoval is a boolean, and changing it is an update that delivers nothing", async () => {
      const p = provider();
      const bad = await p.check({}, args({ allowUndeliveredRemoval: "yes" }));
      expect(bad.failures?.map((f) => f.reason)).to.deep.equal([
        'allowUndeliveredRemoval: "yes" must be true or false',
      ]);
      const { outs } = await created();
      const news = await checked(p, args({ allowUndeliveredRemoval: true }));
      expect((await p.diff("id", outs, news)).changes).to.equal(true);
      await p.update("id", outs, news);
      expect(waf.deliveries).to.have.length(1);
    });
  });

  it("is rejected by the receiver when signed with another secret", async () => {
    const p = provider();
    const other = "whsec_" + Buffer.from("another-key-0123456789abcdefghij").toString("base64");
    const error = await rejection(p.create(await checked(p, args({ signingSecret: other }))));
    expect(error.message).to.match(/failed with 401/);
    expect(waf.attempts[0]?.reason).to.equal("no signature matches");
  });

  it("reads state written by a newer version, or not by this package, as a StoredStateError", async () => {
    const p = provider();
    for (const [props, says] of [
      [
        { ...args(), schemaVersion: 2 },
        /has schemaVersion 2; this version of pulumi-cxone-webchat reads 1/,
      ],
      [{ ...args(), schemaVersion: 1, deliveryId: 7 }, /cannot be read \(deliveryId: /],
    ] as const) {
      for (const hook of [
        () => p.read("w", props),
        () => p.delete("w", props),
        () => p.update("w", props, args()),
      ]) {
        const error = await rejection(hook());
        expect(error.name).to.equal("StoredStateError");
        expect(error.message).to.match(says);
        expect(error.message).to.not.contain(SECRET);
      }
    }
  });
});
