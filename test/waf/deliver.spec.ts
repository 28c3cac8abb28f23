import { expect } from "chai";
import { deliverEvent, deliveryId, publicTarget } from "../../provider/waf/deliver";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { FakeClock } from "../helpers/fake-clock";
import { rejection } from "../helpers/rejection";
import { answer, scriptedServer, type ScriptedServer } from "../helpers/http-server";

const SECRET = "whsec_" + Buffer.from("deliver-spec-key-0123456789abcdef").toString("base64");
const DATA = {
  tenant: "acme",
  widgetId: "w1",
  policyDigest: "a".repeat(64),
  rulesCount: 1,
  corsOriginsCount: 2,
  timestamp: "2026-11-26T00:00:00.000Z",
};

describe("deliver", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("derives the webhook-id from the event, and from the time the policy was applied when it is known", () => {
    const type = "webchat_security_policy_deployed";
    const plain = deliveryId(type, "w1", "a".repeat(64));
    expect(plain).to.match(/^msg_[0-9a-f]{32}$/);
    expect(deliveryId(type, "w1", "a".repeat(64))).to.equal(plain);
    expect(deliveryId(type, "w1", "a".repeat(64), "2026-11-26T08:01:00.000Z")).to.not.equal(plain);
    expect(deliveryId(type, "w1", "a".repeat(64), "2026-11-26T08:01:00.000Z")).to.not.equal(
      deliveryId(type, "w1", "a".repeat(64), "2026-11-26T08:02:00.000Z"),
    );
    expect(deliveryId("webchat_security_policy_removed", "w1", "a".repeat(64))).to.not.equal(plain);
  });

  it("names a target without its query, which may carry a token", () => {
    expect(publicTarget("https://waf.example/hook?token=t#x")).to.equal("https://waf.example/hook");
    expect(publicTarget("not a url")).to.equal("(invalid URL)");
  });

  it("signs each attempt afresh under one webhook-id, and retries a 503", async () => {
    server = await scriptedServer(answer(503), answer(200));
    const clock = new FakeClock();
    const delivery = await deliverEvent(
      { url: `${server.url}/hook`, secret: SECRET },
      "webchat_security_policy_deployed",
      DATA,
      { clock, retry: { baseDelayMs: 4_000 } },
    );
    expect(delivery).to.deep.include({ responseStatus: 200, attempts: 2 });
    const [first, second] = server.requests;
    expect(first?.headers["webhook-id"]).to.equal(second?.headers["webhook-id"]);
    expect(first?.headers["webhook-timestamp"]).to.not.equal(second?.headers["webhook-timestamp"]);
    expect(first?.headers["webhook-signature"]).to.match(/^v1,/);
  });

  it("gives a WAF that keeps answering 429 a minute, as it gives errors, then fails", async () => {
    server = await scriptedServer(answer(429, {}, { "retry-after": "7" }));
    const clock = new FakeClock();
    const error = await rejection(
      deliverEvent(
        { url: `${server.url}/hook`, secret: SECRET },
        "webchat_security_policy_deployed",
        DATA,
        { clock },
      ),
    );
    expect(isCxoneWebchatError(error, "webhook-delivery")).to.equal(true);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).to.be.within(50_000, 60_000);
    expect(server.requests.length).to.be.greaterThan(5);
  });

  it("fails on a redirect without following it, naming where it pointed without its query", async () => {
    server = await scriptedServer(
      answer(307, {}, { location: "https://other.example/in?k=secret" }),
    );
    const error = await rejection(
      deliverEvent(
        { url: `${server.url}/hook`, secret: SECRET },
        "webchat_security_policy_deployed",
        DATA,
      ),
    );
    expect(isCxoneWebchatError(error, "webhook-delivery")).to.equal(true);
    expect(error.message).to.contain(
      "redirects are not followed (Location: https://other.example/in)",
    );
    expect(server.requests).to.have.length(1);
  });
});
