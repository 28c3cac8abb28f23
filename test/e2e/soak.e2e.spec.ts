import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { stringify as toYaml } from "yaml";
import { verifyAuditChain } from "../../provider/audit/verify-audit";
import { seededRandom } from "../../provider/simulator/seeded-random";
import type { StoredWidget } from "../../provider/simulator/widget-store";
import { ADOPTED_FIELD, MANAGED_BY_FIELD } from "../../provider/cxone/widget";
import { CliError } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";

/**
 * The fault soak: seeded rounds of creates, updates and deletes over 20 widgets through the real
 * CLI, against a tenant and a WAF that fail the way busy ones do. Bounded by default (at least
 * 200 operations, a few minutes); `SOAK_MINUTES=60` keeps going for an hour, and `SOAK_SEED`
 * picks another seed.
 */
const SEED = Number(process.env.SOAK_SEED ?? 20261126);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 0);
const MIN_OPERATIONS = 200;
/** A round's `up` that fails is run again, as a user would; more than this many is a defect. */
const MAX_UPS_PER_ROUND = 3;

const WIDGETS = Array.from({ length: 20 }, (_, i) => `wc-soak-${String(i).padStart(3, "0")}`);

function initialWidget(id: string, i: number): StoredWidget {
  return {
    id,
    name: `Soak chat ${i}`,
    channelId: `chat_${i.toString(16).padStart(4, "0")}`,
    status: i % 3 === 0 ? "testing" : "active",
    settings: {
      greeting: `Hello from ${i}`,
      theme: { primaryColor: "#0b5fff", position: i % 2 ? "bottom-left" : "bottom-right" },
      languages: ["en", "de"].slice(0, 1 + (i % 2)),
    },
  };
}

interface DeclaredPolicy {
  widgetId: string;
  corsOrigins: string[];
  authentication: { requireToken: boolean; tokenExpiryMinutes?: number };
  rules: { id: string; action: "block" | "allow" | "log"; pattern: string }[];
}

/** The policy a widget gets in a round: a new digest every round, since the origin names it. */
function policyFor(widgetId: string, round: number, draw: () => number): DeclaredPolicy {
  const origins = [`https://r${round}.${widgetId}.example.com`];
  if (draw() < 0.5) origins.push("https://www.example.com");
  const requireToken = draw() < 0.6;
  const actions = ["block", "allow", "log"] as const;
  return {
    widgetId,
    corsOrigins: origins,
    authentication: requireToken
      ? { requireToken, tokenExpiryMinutes: 5 + Math.floor(draw() * 1436) }
      : { requireToken },
    rules: Array.from({ length: Math.floor(draw() * 4) }, (_, k) => ({
      id: `rule-${round}-${k}`,
      action: actions[Math.floor(draw() * actions.length)] ?? "log",
      pattern: `/r${round}/${k}/*`,
    })),
  };
}

const otherFields = (w: StoredWidget | undefined) => {
  const copy = structuredClone(w) as StoredWidget & { settings: Record<string, unknown> };
  delete copy.settings.securityPolicies;
  delete copy.settings[MANAGED_BY_FIELD];
  delete copy.settings[ADOPTED_FIELD];
  delete copy.modifiedBy;
  delete copy.otherWriterEdits;
  return copy;
};

describe("fault soak through the CLI", function () {
  this.timeout((MINUTES > 0 ? MINUTES + 30 : 25) * 60_000);
  const world = useE2eWorld(
    {
      widgets: WIDGETS.map(initialWidget),
      rateLimitPerSecond: 10,
      tokenTtlSeconds: 3,
      seed: SEED,
      faults: {
        status503: 0.1,
        status429: 0.05,
        reset: 0.03,
        // Longer than the client's 10 s timeout: these are timeouts.
        slow: 0.02,
        slowMs: 11_000,
        concurrentEdit: 0.05,
      },
    },
    { faults: { status503: 0.05, reset: 0.03, lostAck: 0.02 }, seed: SEED },
  );

  it("converges: live equals declared, other fields intact, each WAF event processed once, audit verifies, no drift", async () => {
    const stack = await world.stack("many-widgets", "soak");
    const dataFile = join(world.dir, "soak-widgets.yaml");
    await stack.set("dataFile", dataFile);
    await stack.set("notifyWaf", "true");
    await stack.set("cxone:requestsPerSecond", "10");

    const draw = seededRandom(SEED);
    const declared = new Map<string, DeclaredPolicy>();
    const digests = new Map<string, string>();
    /** `type widget digest` of every event the WAF must have processed. */
    const expected: string[] = [];
    const ops = { create: 0, update: 0, delete: 0 };
    const failedUps: string[] = [];
    const started = Date.now();
    const total = () => ops.create + ops.update + ops.delete;
    const done = () => total() >= MIN_OPERATIONS && Date.now() - started >= MINUTES * 60_000;

    for (let round = 1; !done(); round++) {
      const changes: Array<["create" | "update" | "delete", string]> = [];
      for (const id of WIDGETS) {
        const x = draw();
        if (!declared.has(id)) {
          if (x < 0.7) {
            declared.set(id, policyFor(id, round, draw));
            changes.push(["create", id]);
          }
        } else if (x < 0.15) {
          declared.delete(id);
          changes.push(["delete", id]);
        } else if (x < 0.85) {
          declared.set(id, policyFor(id, round, draw));
          changes.push(["update", id]);
        }
      }
      writeFileSync(dataFile, toYaml({ widgets: [...declared.values()] }));
      let up;
      for (let attempt = 1; up === undefined; attempt++) {
        try {
          up = await stack.run(["up", "--yes", "--skip-preview"]);
        } catch (error) {
          if (!(error instanceof CliError) || attempt >= MAX_UPS_PER_ROUND) throw error;
          failedUps.push(
            `round ${round}: ${error.result.output
              .split("\n")
              .filter((l) => /error/i.test(l))
              .slice(0, 3)
              .join(" | ")}`,
          );
        }
      }
      const outputs = (await stack.outputs()).digests as Record<string, string>;
      for (const [kind, id] of changes) {
        ops[kind]++;
        if (kind === "delete")
          expected.push(`webchat_security_policy_removed ${id} ${digests.get(id)}`);
        else expected.push(`webchat_security_policy_deployed ${id} ${outputs[id]}`);
      }
      digests.clear();
      for (const [id, digest] of Object.entries(outputs)) digests.set(id, digest);
      expect(Object.keys(outputs).sort(), `round ${round}: stack outputs`).to.deep.equal(
        [...declared.keys()].sort(),
      );
      console.log(
        `      round ${round}: ${changes.length} changes, ${resourceSummary(up.stdout).join(", ")}`,
      );
    }

    // Every live policy is the declared one; every other field, and every other writer's edit, is intact.
    const concurrentEdits = world.sim.requests.filter(
      (r) => r.fault === "concurrent-modification",
    ).length;
    let editsSeen = 0;
    for (const [i, id] of WIDGETS.entries()) {
      const live = world.sim.widgets.get(id)?.widget as StoredWidget & {
        settings: Record<string, unknown>;
      };
      const policy = declared.get(id);
      const stored = live.settings.securityPolicies as Record<string, unknown> | undefined;
      expect(live.settings[MANAGED_BY_FIELD], `${id}'s claim`).to.equal(
        policy === undefined ? undefined : `cxone-webchat-many-widgets/soak/policy-${id}`,
      );
      // What the widget held before it was adopted: no policy and no claim, for every widget
      // here; only the order of its settings, to give it back byte for byte.
      expect(live.settings[ADOPTED_FIELD], `${id}'s adoption record`).to.deep.equal(
        policy === undefined ? undefined : { settingsKeys: ["greeting", "theme", "languages"] },
      );
      if (policy === undefined) expect(stored, id).to.equal(undefined);
      else {
        expect(stored?.corsOrigins, id).to.deep.equal(policy.corsOrigins);
        expect(stored?.authentication, id).to.deep.equal(policy.authentication);
        expect(stored?.rules, id).to.deep.equal(policy.rules);
      }
      expect(otherFields(live), id).to.deep.equal(initialWidget(id, i));
      editsSeen += typeof live.otherWriterEdits === "number" ? live.otherWriterEdits : 0;
    }
    expect(editsSeen, "other writers' edits that survived").to.equal(concurrentEdits);

    // Each (widget, digest) event reached the WAF and was processed exactly once.
    const processed = world.waf.deliveries.map((d) => {
      const data = (d.payload as { data: { widgetId: string; policyDigest: string } }).data;
      return `${d.type} ${data.widgetId} ${data.policyDigest}`;
    });
    expect([...processed].sort()).to.deep.equal([...expected].sort());

    const audit = verifyAuditChain(world.auditDir);
    expect(audit.ok, JSON.stringify(audit)).to.equal(true);

    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    await stack.run(["preview", "--expect-no-changes"]);

    const c = world.sim.counters();
    const wafStatuses = world.waf.attempts.reduce<Record<string, number>>((acc, a) => {
      const key =
        a.reason === "processed, then injected reset"
          ? "lost-ack"
          : a.reason.startsWith("duplicate")
            ? "duplicate"
            : String(a.status);
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    console.log(
      [
        `      seed ${SEED}: ${total()} operations (${ops.create} create, ${ops.update} update, ${ops.delete} delete) in ${Math.round((Date.now() - started) / 1000)} s`,
        `      tenant: ${c.total} requests, by status ${JSON.stringify(c.byStatus)}; ${world.sim.requests.filter((r) => r.fault?.startsWith("delay") === true).length} timeouts; ${concurrentEdits} concurrent edits`,
        `      WAF: ${processed.length} events processed once, attempts ${JSON.stringify(wafStatuses)}`,
        `      audit: ${audit.ok ? audit.lines : 0} lines verified; ups run again after a failure: ${failedUps.length}`,
        ...failedUps.map((f) => `        ${f}`),
      ].join("\n"),
    );
    expect(c.byStatus["503"], "503s injected").to.be.greaterThan(0);
    expect(c.byStatus["429"], "429s injected").to.be.greaterThan(0);
    expect(c.byStatus.reset, "resets and timeouts injected").to.be.greaterThan(0);
    expect(concurrentEdits, "concurrent edits injected").to.be.greaterThan(0);
    expect(wafStatuses["lost-ack"], "lost WAF acknowledgements").to.be.greaterThan(0);

    // destroy gives every widget back as it was found, with the other writers' edits.
    world.sim.faults.clear();
    await stack.run(["destroy", "--yes"]);
    for (const [i, id] of WIDGETS.entries()) {
      const live = world.sim.widgets.get(id)?.widget;
      expect(live?.settings, id).to.deep.equal(initialWidget(id, i).settings);
    }
  });
});
