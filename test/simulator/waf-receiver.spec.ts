import { expect } from "chai";
import fetch from "node-fetch";
import { WafReceiver } from "../../provider/simulator/waf-receiver";
import { sign } from "../../provider/waf/standard-webhooks";

const SECRET = "whsec_" + Buffer.from("waf-receiver-spec-key-0123456789").toString("base64");

describe("WafReceiver", () => {
  let waf: WafReceiver | undefined;
  afterEach(async () => {
    await waf?.stop();
    waf = undefined;
  });

  const post = async (receiver: WafReceiver, id: string, body: string, secret = SECRET) => {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(receiver.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": sign(secret, id, timestamp, body),
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as { duplicate?: boolean } };
    } catch {
      return { status: "reset" as const };
    }
  };
  const event = JSON.stringify({ type: "webchat_security_policy_deployed", data: {} });

  it("processes a signed delivery once and answers a repeated webhook-id as a duplicate", async () => {
    waf = await new WafReceiver({ secret: SECRET }).start();
    expect(await post(waf, "msg_1", event)).to.deep.equal({
      status: 200,
      body: { message: "processed", duplicate: false },
    });
    expect(await post(waf, "msg_1", event)).to.deep.include({ status: 200 });
    expect(waf.deliveries.map((d) => [d.id, d.type])).to.deep.equal([
      ["msg_1", "webchat_security_policy_deployed"],
    ]);
    expect(waf.attempts.map((a) => a.reason)).to.deep.equal([
      "processed",
      "duplicate webhook-id: already processed, ignored",
    ]);
  });

  it("refuses a delivery signed with another secret, and keeps nothing of it", async () => {
    waf = await new WafReceiver({ secret: SECRET }).start();
    const other = "whsec_" + Buffer.from("another-key-0123456789abcdefghij").toString("base64");
    const answer = await post(waf, "msg_2", event, other);
    expect(answer.status).to.equal(401);
    expect(waf.deliveries).to.have.length(0);
  });

  it("serves scripted faults in order before processing", async () => {
    waf = await new WafReceiver({ secret: SECRET }).start();
    waf.failNext({ status: 503 }, "reset");
    expect((await post(waf, "msg_3", event)).status).to.equal(503);
    expect((await post(waf, "msg_3", event)).status).to.equal("reset");
    expect((await post(waf, "msg_3", event)).status).to.equal(200);
    expect(waf.deliveries).to.have.length(1);
  });

  it("with lost acknowledgements, processes the delivery and drops the answer; the retry is a duplicate", async () => {
    waf = await new WafReceiver({ secret: SECRET, faults: { lostAck: 1 } }).start();
    expect((await post(waf, "msg_4", event)).status).to.equal("reset");
    expect(waf.deliveries.map((d) => d.id)).to.deep.equal(["msg_4"]);
    const retry = await post(waf, "msg_4", event);
    expect(retry).to.deep.include({ status: 200 });
    expect(waf.deliveries).to.have.length(1);
  });

  it("loses the acknowledgement of a delivery when told, once, after processing it", async () => {
    waf = await new WafReceiver({ secret: SECRET }).start();
    waf.failNext("lost-ack");
    expect((await post(waf, "msg_5", event)).status).to.equal("reset");
    expect(waf.deliveries.map((d) => d.id)).to.deep.equal(["msg_5"]);
    expect(await post(waf, "msg_5", event)).to.deep.include({ status: 200 });
    expect(waf.attempts.map((a) => a.reason)).to.deep.equal([
      "processed, then injected reset",
      "duplicate webhook-id: already processed, ignored",
    ]);
  });

  it("draws random faults from its seed, the same ones for the same seed", async () => {
    const outcomes = async (seed: number) => {
      const receiver = await new WafReceiver({
        secret: SECRET,
        faults: { status503: 0.2, reset: 0.1 },
        seed,
      }).start();
      try {
        for (let i = 0; i < 40; i++) await post(receiver, `msg_${seed}_${i}`, event);
        return receiver.attempts.map((a) => a.status);
      } finally {
        await receiver.stop();
      }
    };
    const first = await outcomes(5);
    expect(first).to.deep.equal(await outcomes(5));
    expect(first.filter((s) => s === 503).length).to.be.within(3, 16);
    expect(first.filter((s) => s === "reset").length).to.be.within(1, 10);
    expect(first.filter((s) => s === 200).length).to.be.at.least(20);
  });
});
