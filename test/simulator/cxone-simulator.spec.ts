import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";

async function token(sim: CxoneSimulator, scope?: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: DEMO_CREDENTIALS.clientId,
    client_secret: DEMO_CREDENTIALS.clientSecret,
  });
  if (scope !== undefined) form.set("scope", scope);
  const res = await fetch(`${sim.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
  expect(res.status).to.equal(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function widgetUrl(sim: CxoneSimulator, id: string): string {
  return `${sim.url}/api/v2/webchat/widgets/${id}`;
}

describe("CxoneSimulator", () => {
  let sim: CxoneSimulator;
  beforeEach(async () => {
    sim = await new CxoneSimulator().start();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it("listens on 127.0.0.1 on a free port", () => {
    expect(sim.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("refuses bad client credentials with 401", async () => {
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "demo-client",
        client_secret: "nope",
      }),
    });
    expect(res.status).to.equal(401);
    expect(await res.json()).to.deep.include({ error: "invalid_client" });
  });

  it("requires a bearer token, and the scope of the operation", async () => {
    expect((await fetch(widgetUrl(sim, "wc-support-001"))).status).to.equal(401);
    const readOnly = await token(sim, "webchat:widgets:read");
    const get = await fetch(widgetUrl(sim, "wc-support-001"), {
      headers: { authorization: `Bearer ${readOnly}` },
    });
    expect(get.status).to.equal(200);
    const put = await fetch(widgetUrl(sim, "wc-support-001"), {
      method: "PUT",
      headers: { authorization: `Bearer ${readOnly}`, "if-match": "*" },
      body: "{}",
    });
    expect(put.status).to.equal(403);
    expect(await put.json()).to.deep.include({ required_scope: "webchat:widgets:write" });
  });

  it("answers 401 once tokens have expired", async () => {
    await sim.stop();
    let now = Date.now();
    sim = await new CxoneSimulator({ tokenTtlSeconds: 60, now: () => now }).start();
    const t = await token(sim);
    now += 61_000;
    expect(
      (await fetch(widgetUrl(sim, "wc-support-001"), { headers: { authorization: `Bearer ${t}` } }))
        .status,
    ).to.equal(401);
  });

  it("gives strong ETags that change on every write and refuses a stale If-Match with 412", async () => {
    const auth = { authorization: `Bearer ${await token(sim)}` };
    const first = await fetch(widgetUrl(sim, "wc-sales-002"), { headers: auth });
    const etag = first.headers.get("etag") ?? "";
    expect(etag).to.match(/^"[0-9a-f]+"$/);
    const body = await first.text();
    const put1 = await fetch(widgetUrl(sim, "wc-sales-002"), {
      method: "PUT",
      headers: { ...auth, "if-match": etag },
      body,
    });
    expect(put1.status).to.equal(200);
    expect(put1.headers.get("etag")).to.not.equal(etag);
    const stale = await fetch(widgetUrl(sim, "wc-sales-002"), {
      method: "PUT",
      headers: { ...auth, "if-match": etag },
      body,
    });
    expect(stale.status).to.equal(412);
  });

  it("races an edit into the next PUT, or into the next PUT of the widget it names", async () => {
    const auth = { authorization: `Bearer ${await token(sim)}` };
    const put = async (id: string) => {
      const read = await fetch(widgetUrl(sim, id), { headers: auth });
      const etag = read.headers.get("etag") ?? "";
      const body = await read.text();
      const res = await fetch(widgetUrl(sim, id), {
        method: "PUT",
        headers: { ...auth, "if-match": etag },
        body,
      });
      return res.status;
    };
    sim.raceNextPut((w) => (w.name = "raced for sales"), "wc-sales-002");
    sim.raceNextPut((w) => (w.name = "raced for anyone"));
    expect(await put("wc-support-001")).to.equal(412);
    expect(sim.widgets.get("wc-support-001")?.widget.name).to.equal("raced for anyone");
    expect(await put("wc-support-001")).to.equal(200);
    expect(await put("wc-sales-002")).to.equal(412);
    expect(sim.widgets.get("wc-sales-002")?.widget.name).to.equal("raced for sales");
    expect(await put("wc-sales-002")).to.equal(200);
  });

  it("answers 404 for an unknown widget", async () => {
    const res = await fetch(widgetUrl(sim, "nope"), {
      headers: { authorization: `Bearer ${await token(sim)}` },
    });
    expect(res.status).to.equal(404);
  });

  it("validates the policy like the policy model, with field errors in a 422", async () => {
    const auth = { authorization: `Bearer ${await token(sim)}`, "if-match": "*" };
    const res = await fetch(widgetUrl(sim, "wc-sales-002"), {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({
        id: "wc-sales-002",
        settings: {
          securityPolicies: {
            corsOrigins: ["https://a.example"],
            authentication: { requireToken: true, tokenExpiryMinutes: 2 },
          },
        },
      }),
    });
    expect(res.status).to.equal(422);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    expect(body.errors.map((e) => e.field)).to.deep.equal([
      "settings.securityPolicies.authentication.tokenExpiryMinutes",
    ]);
    const malformed = await fetch(widgetUrl(sim, "wc-sales-002"), {
      method: "PUT",
      headers: auth,
      body: "{",
    });
    expect(malformed.status).to.equal(400);
  });

  it("accepts the original published script unchanged: form token, then PUT with If-Match * that replaces the widget", async () => {
    const t = await token(sim);
    const replacement = {
      id: "wc-support-001",
      name: "widget-4711",
      settings: {
        securityPolicies: {
          corsOrigins: ["https://a.example"],
          authentication: { requireToken: false },
          rules: [],
        },
      },
    };
    const put = await fetch(widgetUrl(sim, "wc-support-001"), {
      method: "PUT",
      headers: {
        authorization: `Bearer ${t}`,
        "if-match": "*",
        "content-type": "application/json",
      },
      body: JSON.stringify(replacement),
    });
    expect(put.status).to.equal(200);
    expect(sim.widgets.get("wc-support-001")?.widget).to.deep.equal(replacement);
  });

  it("rate limits API requests per tenant with 429 and Retry-After", async () => {
    await sim.stop();
    sim = await new CxoneSimulator({ rateLimitPerSecond: 2 }).start();
    const auth = { authorization: `Bearer ${await token(sim)}` };
    const statuses = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(widgetUrl(sim, "wc-support-001"), { headers: auth });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses).to.deep.equal([200, 200, 429, 429]);
    expect(retryAfter).to.equal("1");
  });

  it("sends rate-limit fields with every API answer when asked, 429s included", async () => {
    await sim.stop();
    sim = await new CxoneSimulator({
      rateLimitPerSecond: 2,
      rateLimitHeaders: "ratelimit",
    }).start();
    const auth = { authorization: `Bearer ${await token(sim)}` };
    const seen: Array<[number, string | null, string | null]> = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(widgetUrl(sim, "wc-support-001"), { headers: auth });
      seen.push([res.status, res.headers.get("ratelimit"), res.headers.get("ratelimit-policy")]);
    }
    expect(seen.map(([status]) => status)).to.deep.equal([200, 200, 429]);
    expect(seen[0]?.[1]).to.match(/^"tenant";r=1;t=1$/);
    expect(seen[2]?.[1]).to.match(/^"tenant";r=0;t=1$/);
    expect(seen.every(([, , policy]) => policy === `"tenant";q=2;w=1`)).to.equal(true);
  });

  it("sends no rate-limit fields by default, as CXone documents none", async () => {
    const auth = { authorization: `Bearer ${await token(sim)}` };
    const res = await fetch(widgetUrl(sim, "wc-support-001"), { headers: auth });
    expect(res.status).to.equal(200);
    for (const name of ["ratelimit", "ratelimit-policy", "x-ratelimit-remaining"])
      expect(res.headers.get(name), name).to.equal(null);
  });

  it("can give Retry-After as an HTTP-date", async () => {
    await sim.stop();
    sim = await new CxoneSimulator({ rateLimitPerSecond: 1, retryAfterFormat: "date" }).start();
    const auth = { authorization: `Bearer ${await token(sim)}` };
    await fetch(widgetUrl(sim, "wc-support-001"), { headers: auth });
    const res = await fetch(widgetUrl(sim, "wc-support-001"), { headers: auth });
    expect(res.status).to.equal(429);
    expect(Date.parse(res.headers.get("retry-after") ?? "")).to.be.greaterThan(Date.now() - 1000);
  });

  it("replays the same random faults for the same seed", async () => {
    const run = async (seed: number) => {
      const s = await new CxoneSimulator({
        faults: { status500: 0.2, status503: 0.2 },
        seed,
        rateLimitPerSecond: 1000,
      }).start();
      try {
        const auth = { authorization: `Bearer ${await token(s)}` };
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++)
          statuses.push((await fetch(widgetUrl(s, "wc-support-001"), { headers: auth })).status);
        return statuses;
      } finally {
        await s.stop();
      }
    };
    const a = await run(7);
    expect(await run(7)).to.deep.equal(a);
    expect(a).to.include(500).and.include(503).and.include(200);
  });

  it("logs every request and counts them by status and route", async () => {
    const lines: string[] = [];
    await sim.stop();
    sim = await new CxoneSimulator({ log: (l) => lines.push(l) }).start();
    const t = await token(sim);
    await fetch(widgetUrl(sim, "nope"), { headers: { authorization: `Bearer ${t}` } });
    expect(sim.counters()).to.deep.equal({
      total: 2,
      byStatus: { "200": 1, "404": 1 },
      byRoute: { "POST /oauth/token": 1, "GET /api/v2/webchat/widgets/{id}": 1 },
    });
    expect(lines).to.have.length(2);
    expect(lines[1]).to.match(/req-000002 GET \/api\/v2\/webchat\/widgets\/nope 404 \d+ms$/);
    expect(lines.join("\n")).to.not.contain(t);
  });

  it("persists widgets to a JSON file across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cxone-sim-"));
    try {
      const path = join(dir, "widgets.json");
      const first = await new CxoneSimulator({ persistPath: path }).start();
      first.editWidget("wc-sales-002", (w) => (w.name = "Persisted"));
      await first.stop();
      const second = await new CxoneSimulator({ persistPath: path }).start();
      expect(second.widgets.get("wc-sales-002")?.widget.name).to.equal("Persisted");
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs from the command line with its settings from the environment", async () => {
    const cli = join(__dirname, "..", "..", "provider", "simulator", "cli.js");
    const child = spawn(process.execPath, [cli, "--port", "0"], {
      env: {
        ...process.env,
        CXONE_SIM_CLIENT_ID: "env-client",
        CXONE_SIM_CLIENT_SECRET: "env-secret-123",
        CXONE_SIM_RATE_LIMIT_HEADERS: "x-ratelimit",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
      });
      const res = await fetch(`${url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: "env-client",
          client_secret: "env-secret-123",
        }),
      });
      expect(res.status).to.equal(200);
      const { access_token: accessToken } = (await res.json()) as { access_token: string };
      const widget = await fetch(`${url}/api/v2/webchat/widgets/wc-support-001`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(widget.headers.get("x-ratelimit-limit")).to.equal("10");
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses an unknown --rate-limit-headers style, naming the choices", () => {
    const cli = join(__dirname, "..", "..", "provider", "simulator", "cli.js");
    const result = spawnSync(process.execPath, [cli, "--rate-limit-headers", "ietf"], {
      encoding: "utf8",
    });
    expect(result.status).to.equal(2);
    expect(result.stderr.trim()).to.equal(
      '--rate-limit-headers: "ietf" is not one of none, ratelimit, x-ratelimit',
    );
  });
});
