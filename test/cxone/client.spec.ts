import { expect } from "chai";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import { parsePolicy } from "../../provider/policy/validate";
import { demoConnection, useSimulator } from "../helpers/simulator";
import { DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { rejection } from "../helpers/rejection";

const WIDGET = "wc-support-001";
const policy = parsePolicy({
  corsOrigins: ["https://shop.example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 30 },
  rules: [{ id: "no-admin", action: "block", pattern: "/admin/*" }],
});

/** The widget without its policy, serialized: what a policy write must leave untouched. */
function otherFields(widget: Record<string, unknown>): string {
  const settings = { ...(widget.settings as Record<string, unknown>) };
  delete settings.securityPolicies;
  return JSON.stringify({ ...widget, settings });
}

describe("CxoneClient", () => {
  const env = useSimulator();

  describe("OAuth2 client credentials", () => {
    it("sends a form-encoded client-credentials request with the product's scopes", async () => {
      const bodies: string[] = [];
      const client = env.client({
        fetch: async (url, init) => {
          if (url.endsWith("/oauth/token"))
            bodies.push(`${init.headers["content-type"]} ${init.body}`);
          return (await import("node-fetch")).default(url, init as never);
        },
      });
      await client.getWidget(WIDGET);
      expect(bodies).to.have.length(1);
      const [type, form] = (bodies[0] ?? "").split(" ");
      expect(type).to.equal("application/x-www-form-urlencoded");
      const params = new URLSearchParams(form);
      expect(params.get("grant_type")).to.equal("client_credentials");
      expect(params.get("client_id")).to.equal("demo-client");
      expect(params.get("scope")).to.equal(
        "webchat:widgets:read webchat:widgets:write platform:read",
      );
    });

    it("caches the token across requests and clients", async () => {
      await env.client().getWidget(WIDGET);
      await env.client().getWidget(WIDGET);
      await env.client().getWidget("wc-sales-002");
      expect(env.sim.counters().byRoute["POST /oauth/token"]).to.equal(1);
    });

    it("shares one in-flight token request between concurrent callers", async () => {
      const client = env.client();
      // 10: the simulator's burst, so no request is rate limited and retried.
      await Promise.all(Array.from({ length: 10 }, () => client.getWidget(WIDGET)));
      expect(env.sim.counters().byRoute["POST /oauth/token"]).to.equal(1);
      expect(env.sim.counters().byRoute["GET /api/v2/webchat/widgets/{id}"]).to.equal(10);
    });

    it("renews the token shortly before it expires", async () => {
      await env.sim.stop();
      const { CxoneSimulator } = await import("../../provider/simulator/cxone-simulator");
      const sim = await new CxoneSimulator({ tokenTtlSeconds: 100 }).start();
      try {
        const client = env.client(demoConnection(sim.url));
        await client.getWidget(WIDGET);
        env.clock.time += 85_000;
        await client.getWidget(WIDGET);
        expect(sim.counters().byRoute["POST /oauth/token"]).to.equal(1);
        env.clock.time += 6_000; // 91 s of 100: inside the 10 s renewal margin
        await client.getWidget(WIDGET);
        expect(sim.counters().byRoute["POST /oauth/token"]).to.equal(2);
      } finally {
        await sim.stop();
        await env.sim.start();
      }
    });

    it("takes the token when a request leaves the rate limiter, so waiting never outlives it", async () => {
      // Tokens live 2 s; a 1/s tenant limit makes the fifth of five reads wait about 5 s.
      await env.sim.stop();
      const { CxoneSimulator } = await import("../../provider/simulator/cxone-simulator");
      const sim = await new CxoneSimulator({
        tokenTtlSeconds: 2,
        now: () => env.clock.time,
      }).start();
      try {
        const client = env.client({
          ...demoConnection(sim.url),
          pacing: new TokenBucket({ requestsPerSecond: 1, burst: 1 }, env.clock),
        });
        await Promise.all(Array.from({ length: 5 }, () => client.getWidget(WIDGET)));
        expect(sim.counters().byStatus["401"] ?? 0).to.equal(0);
        expect(sim.counters().byRoute["GET /api/v2/webchat/widgets/{id}"]).to.equal(5);
      } finally {
        await sim.stop();
        await env.sim.start();
      }
    });

    it("stops a write that beforeWrite refuses when it leaves the rate limiter, and sends no PUT", async () => {
      let refuse = false;
      const client = env.client({
        beforeWrite: async () => {
          if (refuse) throw new Error("the caller is gone");
        },
      });
      const found = await client.getWidget(WIDGET);
      refuse = true;
      const policy = { corsOrigins: [], authentication: { requireToken: false }, rules: [] };
      const error = await rejection(client.setSecurityPolicy(WIDGET, policy, found));
      expect(error.message).to.equal("the caller is gone");
      expect(env.routes().filter((r) => r.startsWith("PUT"))).to.deep.equal([]);
    });

    it("re-authenticates once after a 401 and retries with the fresh token", async () => {
      const client = env.client();
      await client.getWidget(WIDGET);
      env.sim.expireTokens();
      await client.getWidget(WIDGET);
      expect(env.routes()).to.deep.equal([
        "POST /oauth/token 200",
        "GET W/wc-support-001 200",
        "GET W/wc-support-001 401",
        "POST /oauth/token 200",
        "GET W/wc-support-001 200",
      ]);
    });

    it("does not retry a second 401", async () => {
      env.sim.faults.enqueue(
        { fault: { type: "expire-tokens" } },
        { fault: { type: "expire-tokens" } },
      );
      const error = await rejection(env.client().getWidget(WIDGET));
      expect(isCxoneWebchatError(error, "cxone-api") && error.status).to.equal(401);
      expect(env.sim.counters().byStatus["401"]).to.equal(2);
    });

    it("reports a refused token request with status and body, never the secret", async () => {
      const secret = "wrong-secret-5d1e9a";
      const error = await rejection(
        env
          .client(demoConnection(env.sim.url, { ...DEMO_CREDENTIALS, clientSecret: secret }))
          .getWidget(WIDGET),
      );
      expect(isCxoneWebchatError(error, "cxone-api")).to.equal(true);
      if (!isCxoneWebchatError(error, "cxone-api")) return;
      expect(error.kind).to.equal("cxone-auth");
      expect(error.status).to.equal(401);
      expect(error.message).to.match(
        /^POST \/oauth\/token failed with 401 Unauthorized: unknown client or wrong secret/,
      );
      expect(
        JSON.stringify({ ...error, message: error.message, stack: error.stack }),
      ).to.not.contain(secret);
    });
  });

  describe("widgets", () => {
    it("reads a widget with its ETag", async () => {
      const snapshot = await env.client().getWidget(WIDGET);
      expect(snapshot.widget.raw.id).to.equal(WIDGET);
      expect(snapshot.etag).to.match(/^"[0-9a-f]+"$/);
      expect(snapshot.requestId).to.match(/^req-/);
    });

    it("turns a 404 into a clear widget-not-found error", async () => {
      const error = await rejection(env.client().getWidget("nope"));
      expect(isCxoneWebchatError(error, "widget-not-found")).to.equal(true);
      expect((error as Error).message).to.match(
        /^GET \/api\/v2\/webchat\/widgets\/nope failed with 404 Not Found: widget nope not found/,
      );
    });

    it("writes the policy with If-Match set to the ETag it read, never *", async () => {
      const ifMatch: string[] = [];
      const client = env.client({
        fetch: async (url, init) => {
          if (init.method === "PUT") ifMatch.push(init.headers["if-match"] ?? "(none)");
          return (await import("node-fetch")).default(url, init as never);
        },
      });
      const before = await client.getWidget(WIDGET);
      const write = await client.setSecurityPolicy(WIDGET, policy);
      expect(ifMatch).to.deep.equal([before.etag]);
      expect(write.after.etag).to.not.equal(before.etag);
    });

    it("changes the policy and preserves every other field byte for byte", async () => {
      const client = env.client();
      const before = await client.getWidget(WIDGET);
      await client.setSecurityPolicy(WIDGET, policy);
      const after = await client.getWidget(WIDGET);
      expect(after.widget.policy).to.deep.equal(policy);
      expect(otherFields(after.widget.raw)).to.equal(otherFields(before.widget.raw));
      expect(after.widget.raw.name).to.equal("Support chat");
    });

    it("re-reads and re-applies on 412, keeping the other writer's change", async () => {
      const client = env.client();
      const before = await client.getWidget(WIDGET);
      env.sim.raceNextPut((w) => {
        (w.settings as Record<string, unknown>).greeting = "Changed by someone else";
      });
      const write = await client.setSecurityPolicy(WIDGET, policy);
      expect(write.conflicts).to.equal(1);
      const after = await client.getWidget(WIDGET);
      expect(after.widget.policy).to.deep.equal(policy);
      const expected = structuredClone(before.widget.raw);
      (expected.settings as Record<string, unknown>).greeting = "Changed by someone else";
      expect(otherFields(after.widget.raw)).to.equal(otherFields(expected));
      expect(env.routes().filter((r) => r.startsWith("PUT"))).to.deep.equal([
        "PUT W/wc-support-001 412",
        "PUT W/wc-support-001 200",
      ]);
    });

    it("gives up after a bounded number of 412s", async () => {
      for (let i = 0; i < 5; i++)
        env.sim.faults.enqueue({ route: "widget-put", fault: { type: "concurrent-modification" } });
      const error = await rejection(
        env.client({ maxConflictRetries: 2 }).setSecurityPolicy(WIDGET, policy),
      );
      expect(isCxoneWebchatError(error, "cxone-api") && error.status).to.equal(412);
      expect((error as Error).message).to.match(/changed during 3 consecutive writes/);
      expect(env.sim.counters().byStatus["412"]).to.equal(3);
    });

    it("saves the GET when the caller's ETag is still current", async () => {
      const client = env.client();
      const known = await client.getWidget(WIDGET);
      env.sim.clearLog();
      await client.setSecurityPolicy(WIDGET, policy, known);
      expect(env.routes()).to.deep.equal(["PUT W/wc-support-001 200"]);
    });

    it("falls back to a re-read when the caller's ETag is stale", async () => {
      const client = env.client();
      const known = await client.getWidget(WIDGET);
      env.sim.editWidget(WIDGET, (w) => (w.name = "Renamed in the console"));
      env.sim.clearLog();
      await client.setSecurityPolicy(WIDGET, policy, known);
      expect(env.routes()).to.deep.equal([
        "PUT W/wc-support-001 412",
        "GET W/wc-support-001 200",
        "PUT W/wc-support-001 200",
      ]);
      expect((await client.getWidget(WIDGET)).widget.raw.name).to.equal("Renamed in the console");
    });

    it("re-reads and re-writes after a 412 ahead of the requests waiting in the rate limiter", async () => {
      // The real clock at 5 requests/s: the queue moves slower than the simulator answers.
      const client = env.client({ pacing: new TokenBucket({ requestsPerSecond: 5, burst: 1 }) });
      const known = await client.getWidget(WIDGET);
      env.sim.editWidget(WIDGET, (w) => (w.name = "Renamed in the console"));
      env.sim.clearLog();
      await Promise.all([
        client.setSecurityPolicy(WIDGET, policy, known),
        ...Array.from({ length: 4 }, () => client.getWidget("wc-sales-002")),
      ]);
      expect(env.routes()).to.deep.equal([
        "PUT W/wc-support-001 412",
        "GET W/wc-support-001 200",
        "PUT W/wc-support-001 200",
        ...Array.from({ length: 4 }, () => "GET W/wc-sales-002 200"),
      ]);
    });

    it("writes nothing when the policy is already in place", async () => {
      const client = env.client();
      await client.setSecurityPolicy(WIDGET, policy);
      env.sim.clearLog();
      const write = await client.setSecurityPolicy(WIDGET, policy);
      expect(env.routes()).to.deep.equal(["GET W/wc-support-001 200"]);
      expect(write.after.etag).to.equal(write.before.etag);
    });

    it("removes the policy when given undefined", async () => {
      const client = env.client();
      await client.setSecurityPolicy(WIDGET, undefined);
      const after = await client.getWidget(WIDGET);
      expect(after.widget.policy).to.equal(undefined);
      expect(Object.keys(after.widget.settings as object)).to.not.include("securityPolicies");
    });

    it("carries the field errors of a 422", async () => {
      const client = env.client();
      const snapshot = await client.getWidget(WIDGET);
      const bad = {
        ...snapshot.widget.raw,
        settings: {
          securityPolicies: { corsOrigins: ["*"], authentication: { requireToken: false } },
        },
      };
      const error = await rejection(client.putWidget(WIDGET, bad, snapshot.etag));
      expect(isCxoneWebchatError(error, "cxone-api")).to.equal(true);
      if (!isCxoneWebchatError(error, "cxone-api")) return;
      expect(error.status).to.equal(422);
      expect(error.fieldErrors.map((f) => f.field)).to.deep.equal([
        "settings.securityPolicies.corsOrigins[0]",
      ]);
      expect(error.message).to.contain("settings.securityPolicies.corsOrigins[0]");
      expect(error.requestId).to.match(/^req-/);
    });

    it("names the missing scope on 403", async () => {
      await env.sim.stop();
      const { CxoneSimulator } = await import("../../provider/simulator/cxone-simulator");
      const sim = await new CxoneSimulator({
        clients: [{ ...DEMO_CREDENTIALS, scopes: ["webchat:widgets:read"] }],
      }).start();
      try {
        const error = await rejection(
          env.client(demoConnection(sim.url)).setSecurityPolicy(WIDGET, policy),
        );
        expect(isCxoneWebchatError(error, "cxone-api") && error.status).to.equal(403);
        expect((error as Error).message).to.contain(
          "the client probably lacks the scope webchat:widgets:write",
        );
      } finally {
        await sim.stop();
        await env.sim.start();
      }
    });
  });

  describe("retries", () => {
    it("honours Retry-After in delta-seconds on 429", async () => {
      env.sim.faults.enqueue({ fault: { type: "status", status: 429, retryAfter: "2" } });
      await env.client().getWidget(WIDGET);
      expect(env.clock.sleeps).to.deep.equal([2000]);
    });

    it("honours Retry-After as an HTTP-date on 429", async () => {
      env.sim.faults.enqueue({
        fault: {
          type: "status",
          status: 429,
          retryAfter: new Date(env.clock.now() + 3000).toUTCString(),
        },
      });
      await env.client().getWidget(WIDGET);
      expect(env.clock.sleeps).to.deep.equal([3000]);
    });

    it("retries 500, 503 and connection resets with growing, jittered backoff", async () => {
      env.sim.faults.enqueue(
        { fault: { type: "status", status: 500 } },
        { fault: { type: "reset" } },
        { fault: { type: "status", status: 503 } },
      );
      env.clock.draw = () => 0.999;
      const snapshot = await env.client().getWidget(WIDGET);
      expect(snapshot.widget.raw.id).to.equal(WIDGET);
      expect(env.routes().slice(1)).to.deep.equal([
        "GET W/wc-support-001 500",
        "GET W/wc-support-001 reset",
        "GET W/wc-support-001 503",
        "GET W/wc-support-001 200",
      ]);
      expect(env.clock.sleeps).to.deep.equal([199, 399, 799]);
    });

    it("gives up after maxAttempts with the last status", async () => {
      for (let i = 0; i < 3; i++)
        env.sim.faults.enqueue({ fault: { type: "status", status: 503 } });
      const error = await rejection(env.client({ retry: { maxAttempts: 3 } }).getWidget(WIDGET));
      expect(isCxoneWebchatError(error, "cxone-api") && error.status).to.equal(503);
      expect((error as Error).message).to.contain("after 3 attempts");
    });

    it("times out a slow response and retries it", async () => {
      env.sim.faults.enqueue({ fault: { type: "delay", ms: 1_000 } });
      const snapshot = await env.client({ timeoutMs: 150 }).getWidget(WIDGET);
      expect(snapshot.widget.raw.id).to.equal(WIDGET);
      expect(env.clock.sleeps).to.have.length(1);
    });

    it("reports a network error when every attempt times out", async () => {
      for (let i = 0; i < 2; i++) env.sim.faults.enqueue({ fault: { type: "delay", ms: 1_000 } });
      const error = await rejection(
        env.client({ timeoutMs: 100, retry: { maxAttempts: 2 } }).getWidget(WIDGET),
      );
      expect(isCxoneWebchatError(error, "network")).to.equal(true);
      expect((error as Error).message).to.equal(
        "GET /api/v2/webchat/widgets/wc-support-001 failed after 2 attempts: timed out after 100 ms",
      );
    });

    for (const code of [400, 403, 404, 409, 422]) {
      it(`never retries ${code}`, async () => {
        env.sim.faults.enqueue({ fault: { type: "status", status: code } });
        const error = await rejection(env.client().getWidget(WIDGET));
        expect(isCxoneWebchatError(error, "cxone-api") && error.status).to.equal(code);
        expect(env.sim.counters().byRoute["GET /api/v2/webchat/widgets/{id}"]).to.equal(1);
        expect(env.clock.sleeps).to.deep.equal([]);
      });
    }

    it("does not retry an unknown error (a bug), and passes it through", async () => {
      const client = env.client({
        fetch: () => Promise.reject(new RangeError("bug in a fetch wrapper")),
      });
      const error = await rejection(client.getWidget(WIDGET));
      expect(error).to.be.instanceOf(RangeError);
      expect(env.clock.sleeps).to.deep.equal([]);
    });
  });
});
