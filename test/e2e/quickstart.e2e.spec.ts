import { createHash, createHmac } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { type StackCli } from "../../scripts/pulumi-project";
import { backendFiles, resourceSummary, useE2eWorld } from "./e2e-world";
import { auditLines, auditText } from "../helpers/audit-lines";

const PROJECT = "cxone-webchat-quickstart";
const WIDGET = "wc-support-001";
const ORIGINS = ["https://www.example.com", "https://shop.example.com"];
type Rule = { id: string; action: string; pattern: string; redirectUrl?: string };
const RULES: Rule[] = [
  { id: "block-admin", action: "block", pattern: "/admin/*" },
  {
    id: "legacy-help",
    action: "redirect",
    pattern: "/help/v1/*",
    redirectUrl: "https://www.example.com/help",
  },
  { id: "log-checkout", action: "log", pattern: "/checkout/*" },
];

/** RFC 8785 for the JSON this test builds (strings, booleans, small integers), written independently of the package. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The digest as the README's algorithm defines it, from Pulumi.dev.yaml's policy. */
function expectedDigest(rules: Rule[], origins: readonly string[] = ORIGINS): string {
  const policy = {
    corsOrigins: origins.map((o) => new URL(o).origin).sort(),
    authentication: { requireToken: true, tokenExpiryMinutes: 30 },
    rules: rules.map((r) =>
      r.redirectUrl === undefined ? r : { ...r, redirectUrl: new URL(r.redirectUrl).href },
    ),
    allowInsecureOrigins: false,
  };
  return createHash("sha256").update(canonical(policy)).digest("hex");
}

/** The part of a `preview --diff` display that belongs to one resource type. */
function block(output: string, type: "WebchatSecurityPolicy" | "WafWebhook"): string {
  return (
    output
      .split(`dynamic/cxone:${type}: (`)[1]
      ?.split(/\n {4}[~+-]? ?pulumi|--outputs:--|\nResources:/)[0] ?? ""
  );
}

/** The top-level properties a `--diff` block marks as changed. */
function changedProperties(text: string): string[] {
  return [...text.matchAll(/^ {6}~ (\w+)\s*:/gm)].map((m) => m[1] ?? "");
}

/** The lines of a `--diff` block that mark a change (`~`, `+`, `-`), without alignment. */
function changeLines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^\s+[~+-] /.test(l))
    .map((l) => l.trim().replace(/^([~+-] \w+)\s+:/, "$1:"));
}

/** The provider's change summary for a resource, each line once (preview and up both print it). */
function summaryLines(output: string, resource: string): string[] {
  const lines = output.split("\n").filter((l) => l.startsWith(`${resource}: `));
  return [...new Set(lines.map((l) => l.slice(resource.length + 2)))];
}

/** The error lines of the CLI's Diagnostics section. */
function diagnostics(output: string): string[] {
  const section = output.split(/^Diagnostics:$/m)[1]?.split(/^Resources:$/m)[0] ?? "";
  return section
    .split("\n")
    .filter((l) => l.trim().startsWith("error:"))
    .map((l) => l.trim());
}

describe("the quickstart, with the pulumi CLI in its project directory", function () {
  this.timeout(180_000);
  const world = useE2eWorld();
  let dev: StackCli;
  let before: string;
  const widgetJson = () => JSON.stringify(world.sim.widgets.get(WIDGET)?.widget);
  const livePolicy = () =>
    (
      world.sim.widgets.get(WIDGET)?.widget.settings as {
        securityPolicies: { corsOrigins: string[]; rules: Rule[] };
      }
    ).securityPolicies;

  it("preview --diff shows the plan with the digest that up will deliver, and calls no API", async () => {
    dev = await world.stack("quickstart", "dev");
    before = widgetJson();
    world.sim.clearLog();
    const preview = await dev.run(["preview", "--diff"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal(["+ 3 to create"]);
    const digest = expectedDigest(RULES);
    expect(block(preview.stdout, "WebchatSecurityPolicy")).to.match(
      new RegExp(`policyDigest\\s*: "${digest}"`),
    );
    expect(block(preview.stdout, "WafWebhook")).to.match(
      new RegExp(`policyDigest\\s*: "${digest}"`),
    );
    expect(world.sim.requests).to.have.length(0);
  });

  it("up creates the policy and the webhook, adopting the widget with one PUT", async () => {
    const up = await dev.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 3 created"]);
    const outputs = await dev.outputs();
    expect(outputs.policyDigest).to.equal(expectedDigest(RULES));
    expect(world.sim.counters().byRoute["PUT /api/v2/webchat/widgets/{id}"]).to.equal(1);
    expect(world.waf.deliveries.map((d) => d.id)).to.deep.equal([outputs.deliveryId]);
  });

  it("shows no changes on preview and on refresh after up", async () => {
    const preview = await dev.run(["preview", "--expect-no-changes"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal(["3 unchanged"]);
    const refresh = await dev.run(["refresh", "--yes", "--expect-no-changes"]);
    expect(resourceSummary(refresh.stdout)).to.deep.equal(["3 unchanged"]);
  });

  it("survives pulumi stack export and import, and keeps each serialized provider under 4 KB", async () => {
    const file = join(world.dir, "dev-export.json");
    await dev.run(["stack", "export", "--file", file]);
    await dev.run(["stack", "import", "--file", file]);
    const exported = JSON.parse(readFileSync(file, "utf8")) as {
      deployment: { resources: Array<{ type: string; inputs?: { __provider?: string } }> };
    };
    const sizes = exported.deployment.resources
      .filter((r) => typeof r.inputs?.__provider === "string")
      .map((r) => ({ type: r.type, bytes: Buffer.byteLength(r.inputs?.__provider ?? "") }));
    console.log(`      serialized providers in state: ${JSON.stringify(sizes)}`);
    expect(sizes).to.have.length(2);
    for (const { bytes } of sizes) expect(bytes).to.be.lessThan(4096);
    rmSync(file);
    await dev.run(["preview", "--expect-no-changes"]);
  });

  it("previews an origin added in the program as that origin alone: no rules line, old -> new like the engine's", async () => {
    const added = "https://new.example.com";
    const [oldDigest, newDigest] = [
      expectedDigest(RULES),
      expectedDigest(RULES, [...ORIGINS, added]),
    ];
    await dev.run(["config", "set", "--path", "corsOrigins[2]", added]);
    try {
      const preview = await dev.run(["preview", "--diff"]);
      expect(summaryLines(preview.output, "support-chat")).to.deep.equal([
        `+ corsOrigins: "${added}"`,
      ]);
      expect(changeLines(block(preview.stdout, "WebchatSecurityPolicy"))).to.deep.equal([
        "~ corsOrigins (hidden)",
        "~ corsOriginsCount: 2 => 3",
        `~ policyDigest: "${oldDigest}" => "${newDigest}"`,
      ]);
    } finally {
      await dev.run(["config", "rm", "--path", "corsOrigins[2]"]);
    }
  });

  it("previews a one-rule change as that rule and the new digest, applies it with one PUT, and redelivers", async () => {
    const changed = RULES.map((r) =>
      r.id === "log-checkout" ? { ...r, pattern: "/checkout/v2/*" } : r,
    );
    const [oldDigest, newDigest] = [expectedDigest(RULES), expectedDigest(changed)];
    await dev.run(["config", "set", "--path", "rules[2].pattern", "/checkout/v2/*"]);
    const preview = await dev.run(["preview", "--diff"]);
    expect(resourceSummary(preview.stdout)).to.deep.equal(["~ 2 to update", "1 unchanged"]);
    const policy = block(preview.stdout, "WebchatSecurityPolicy");
    expect(changedProperties(policy)).to.deep.equal(["policyDigest"]);
    // The rule that changed, by id, in one line; the lists themselves are not printed in full.
    expect(preview.output).to.contain(
      'support-chat: ~ rules[2] "log-checkout": pattern "/checkout/*" => "/checkout/v2/*"',
    );
    expect(changeLines(policy)).to.deep.equal([
      "~ rules (hidden)",
      `~ policyDigest: "${oldDigest}" => "${newDigest}"`,
    ]);
    expect(policy).to.not.contain('"/admin/*"');
    // The WAF team reads the exact digest in the plan, before anything changes.
    const webhook = block(preview.stdout, "WafWebhook");
    // When the policy is written is known only after its write: it makes this deployment's webhook-id.
    expect(changedProperties(webhook)).to.deep.equal(["policyAppliedAt", "policyDigest"]);
    expect(webhook).to.match(new RegExp(`policyDigest\\s*: "${oldDigest}" => "${newDigest}"`));

    world.sim.clearLog();
    const deliveriesBefore = world.waf.deliveries.length;
    await dev.run(["up", "--yes"]);
    const routes = world.sim.counters().byRoute;
    expect(routes["PUT /api/v2/webchat/widgets/{id}"]).to.equal(1);
    expect(routes["GET /api/v2/webchat/widgets/{id}"] ?? 0).to.equal(0);
    expect((await dev.outputs()).policyDigest).to.equal(newDigest);
    const delivery = world.waf.deliveries[deliveriesBefore];
    expect((delivery?.payload as { data: { policyDigest: string } }).data.policyDigest).to.equal(
      newDigest,
    );
    const signature = createHmac("sha256", Buffer.from(world.signingSecret.slice(6), "base64"))
      .update(`${delivery?.id}.${delivery?.timestamp}.${delivery?.body}`)
      .digest("base64");
    expect(delivery?.signature).to.equal(`v1,${signature}`);
  });

  it("rolls the rule back, and the WAF processes the earlier digest again as a new event", async () => {
    await dev.run(["config", "set", "--path", "rules[2].pattern", "/checkout/*"]);
    const before = world.waf.deliveries.length;
    await dev.run(["up", "--yes"]);
    const processed = world.waf.deliveries.slice(before);
    expect(
      processed.map((d) => (d.payload as { data: { policyDigest: string } }).data.policyDigest),
    ).to.deep.equal([expectedDigest(RULES)]);
    expect(world.waf.deliveries.filter((d) => d.id === processed[0]?.id)).to.have.length(1);
    expect((await dev.outputs()).deliveryId).to.equal(processed[0]?.id);
  });

  it("previews a one-character change among 50 rules in a few lines, not the whole policy", async () => {
    const many: Rule[] = Array.from({ length: 50 }, (_, i) => ({
      id: `log-area-${i}`,
      action: "log",
      pattern: `/area-${String(i).padStart(2, "0")}/${"section/".repeat(8)}*`,
    }));
    const setRules = async (rules: Rule[]) => {
      dev.editStackFile((config) => {
        config[`${PROJECT}:rules`] = rules;
      });
      await dev.run(["up", "--yes"]);
    };
    await setRules(many);
    const pattern = many[37]?.pattern ?? "";
    await dev.run(["config", "set", "--path", "rules[37].pattern", pattern.replace("*", "x*")]);
    const preview = await dev.run(["preview", "--diff"]);
    // 0.1.0 printed both 50-rule lists in full for such a change (about 20 KB).
    console.log(`      preview --diff of the change: ${Buffer.byteLength(preview.stdout)} bytes`);
    expect(Buffer.byteLength(preview.stdout)).to.be.below(4_096);
    expect(preview.output).to.contain(
      `support-chat: ~ rules[37] "log-area-37": pattern "${pattern}" => "${pattern.replace("*", "x*")}"`,
    );
    expect(preview.stdout).to.not.contain("log-area-36");
    await setRules(RULES);
    expect((await dev.outputs()).policyDigest).to.equal(expectedDigest(RULES));
  });

  it("reports an origin added in the console on refresh --diff as added, like the engine's lines beside it, and up takes it out again", async () => {
    const evil = "https://evil.example.com";
    world.sim.editWidget(WIDGET, (w) => {
      const policy = (w.settings as Record<string, unknown>).securityPolicies as {
        corsOrigins: string[];
      };
      policy.corsOrigins = [...policy.corsOrigins, evil];
    });
    const [declared, live] = [expectedDigest(RULES), expectedDigest(RULES, [...ORIGINS, evil])];
    // What the state held (the declared policy) -> what is now true (the live one).
    const refresh = await dev.run(["refresh", "--yes", "--diff"]);
    expect(resourceSummary(refresh.stdout)).to.deep.equal(["~ 1 updated", "2 unchanged"]);
    expect(summaryLines(refresh.output, "support-chat")).to.deep.equal([
      `+ corsOrigins: "${evil}"`,
    ]);
    expect(changeLines(block(refresh.stdout, "WebchatSecurityPolicy"))).to.deep.equal([
      "~ corsOrigins (hidden)",
      "~ corsOriginsCount: 2 => 3",
      `~ policyDigest: "${declared}" => "${live}"`,
    ]);
    // Then the state holds the live policy, and up brings back the declared one.
    const preview = await dev.run(["preview", "--diff"]);
    expect(summaryLines(preview.output, "support-chat")).to.deep.equal([
      `- corsOrigins: "${evil}"`,
    ]);
    expect(changeLines(block(preview.stdout, "WebchatSecurityPolicy"))).to.deep.equal([
      "~ corsOrigins (hidden)",
      "~ corsOriginsCount: 3 => 2",
      `~ policyDigest: "${live}" => "${declared}"`,
    ]);
    const up = await dev.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.include("~ 1 updated");
    expect(livePolicy().corsOrigins).to.deep.equal([...ORIGINS].sort());
    await dev.run(["preview", "--expect-no-changes"]);
  });

  it("reports a rule edited in the console on refresh --diff by its id, with no corsOrigins line", async () => {
    world.sim.editWidget(WIDGET, (w) => {
      const policy = (w.settings as Record<string, unknown>).securityPolicies as { rules: Rule[] };
      policy.rules = policy.rules.map((r) =>
        r.id === "block-admin" ? { ...r, pattern: "/admin/v2/*" } : r,
      );
    });
    const refresh = await dev.run(["refresh", "--yes", "--diff"]);
    expect(summaryLines(refresh.output, "support-chat")).to.deep.equal([
      '~ rules[0] "block-admin": pattern "/admin/*" => "/admin/v2/*"',
    ]);
    const lines = changeLines(block(refresh.stdout, "WebchatSecurityPolicy"));
    expect(lines.slice(0, 1)).to.deep.equal(["~ rules (hidden)"]);
    expect(lines.join("\n")).to.not.contain("corsOrigins");
    await dev.run(["up", "--yes"]);
    expect(livePolicy().rules[0]?.pattern).to.equal("/admin/*");
    await dev.run(["preview", "--expect-no-changes"]);
  });

  it("fails only the webhook when the WAF is down, keeps the policy applied, and delivers on the next up, once", async () => {
    await dev.run(["config", "set", "--path", "rules[0].pattern", "/admin/**"]);
    // The first attempt is processed but its answer is lost; the retries meet a WAF that is down.
    world.waf.failNext("lost-ack", ...Array.from({ length: 4 }, () => ({ status: 503 })));
    const failed = await dev.run(["up", "--yes"], { allowFailure: true });
    expect(failed.code).to.not.equal(0);
    expect(failed.stdout).to.match(
      /delivery of webchat_security_policy_deployed to http:\/\/127\.0\.0\.1:\d+\/hooks\/waf failed with 503 after 5 attempts/,
    );
    expect(livePolicy().rules[0]?.pattern).to.equal("/admin/**");
    // Meanwhile someone edits another field in the console, and refresh sees a new ETag.
    const edit = (w: Record<string, unknown>) => {
      (w.settings as Record<string, unknown>).greeting = "Hi! How can we help? (edited)";
    };
    world.sim.editWidget(WIDGET, edit);
    const expected = JSON.parse(before) as Record<string, unknown>;
    edit(expected);
    before = JSON.stringify(expected); // destroy must keep the edit too
    await dev.run(["refresh", "--yes"]);
    await dev.run(["up", "--yes"]);
    const digest = (await dev.outputs()).policyDigest;
    const processed = world.waf.deliveries.filter(
      (d) => (d.payload as { data: { policyDigest: string } }).data.policyDigest === digest,
    );
    expect(processed, "events the WAF processed for the new digest").to.have.length(1);
    expect(world.waf.attempts.at(-1)).to.deep.include({
      id: processed[0]?.id,
      reason: "duplicate webhook-id: already processed, ignored",
    });
    await dev.run(["preview", "--expect-no-changes"]);
  });

  it("fails refresh on a wrong client secret with the error's one line, no stack trace and no secret", async () => {
    const wrong = "wrong-secret-7f3a9c";
    await dev.set("cxone:clientSecret", wrong, true);
    try {
      // refresh configures the provider from the config recorded by the last up, and an up with
      // no policy change sends nothing to CXone: this is how a rotated secret reaches refresh.
      await dev.run(["up", "--yes"]);
      const refresh = await dev.run(["refresh", "--yes"], { allowFailure: true });
      expect(refresh.code).to.not.equal(0);
      const message =
        "POST /oauth/token failed with 401 Unauthorized: unknown client or wrong secret";
      expect(
        diagnostics(refresh.output).filter((l) => l.includes(message)),
        refresh.output,
      ).to.have.length(1);
      expect(refresh.output).to.not.match(/^\s+at \S/m);
      expect(refresh.output).to.not.contain(wrong);
    } finally {
      await dev.set("cxone:clientSecret", DEMO_CREDENTIALS.clientSecret, true);
      await dev.run(["up", "--yes"]);
    }
    await dev.run(["refresh", "--yes", "--expect-no-changes"]);
  });

  describe("input the policy refuses, in Pulumi.<stack>.yaml", () => {
    let bad: StackCli;
    const set = (values: Record<string, unknown>) =>
      bad.editStackFile((config) => {
        for (const [key, value] of Object.entries(values)) config[`${PROJECT}:${key}`] = value;
      });

    for (const [label, rules, message] of [
      [
        "an XSS pattern",
        [{ id: "x", action: "block", pattern: "/q=%3Cscript%3E" }],
        'rules[0].pattern: "/q=%3Cscript%3E" contains the script-injection vector "<script" (after decoding; forbidden: markup, a < or > that a browser could read as a tag, even one that appears only after decoding); such patterns are rejected, not rewritten',
      ],
      [
        "51 rules",
        Array.from({ length: 51 }, (_, i) => ({ id: `r${i}`, action: "log", pattern: `/p${i}` })),
        "rules: has 51 entries and must have at most 50 rules",
      ],
    ] as const) {
      it(`fails preview on ${label} with one clean message naming the property, and calls no API`, async () => {
        bad ??= await world.stack("quickstart", "bad");
        set({
          widgetId: WIDGET,
          corsOrigins: ORIGINS,
          authentication: { requireToken: false },
          rules,
        });
        world.sim.clearLog();
        const preview = await bad.run(["preview"], { allowFailure: true });
        expect(preview.code).to.not.equal(0);
        expect(diagnostics(preview.stdout)).to.deep.equal([
          `error: pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy resource 'support-chat' has a problem: ${message}`,
        ]);
        expect(preview.output).to.not.match(/map\[|\{<nil>\}|property \S+ value/);
        expect(world.sim.requests).to.have.length(0);
      });
    }

    it("fails preview on a null authentication at once, naming the key and the expected shape", async () => {
      set({ authentication: null });
      const preview = await bad.run(["preview"], { allowFailure: true });
      expect(preview.code).to.not.equal(0);
      expect(diagnostics(preview.stdout)).to.deep.equal([
        `error: stack config ${PROJECT}:authentication is empty (null); expected an object, for example {"requireToken": true, "tokenExpiryMinutes": 30}`,
      ]);
      // The SDK reports a RunError as its message alone: no stack trace, no "unhandled exception".
      expect(preview.output).to.not.contain("unhandled exception");
    });
  });

  it("writes neither the client secret nor the signing secret in plaintext to state, CLI output or the audit file", async () => {
    const exported = (await dev.run(["stack", "export"])).stdout;
    const audit = auditText(world.auditDir);
    for (const text of [exported, backendFiles(world), world.transcript(), audit]) {
      expect(text).to.not.contain(DEMO_CREDENTIALS.clientSecret);
      expect(text).to.not.contain(world.signingSecret.slice("whsec_".length));
    }
    expect(exported).to.contain("ciphertext");
  });

  it("fails destroy while the WAF cannot be reached, and leaves the policy in place", async () => {
    for (let i = 0; i < 5; i++) world.waf.failNext({ status: 503 });
    const destroy = await dev.run(["destroy", "--yes"], { allowFailure: true });
    expect(destroy.code).to.not.equal(0);
    expect(destroy.stdout).to.match(
      /delivery of webchat_security_policy_removed to http:\/\/127\.0\.0\.1:\d+\/hooks\/waf failed with 503 after 5 attempts/,
    );
    expect(livePolicy().corsOrigins).to.deep.equal([...ORIGINS].sort());
  });

  it("with allowUndeliveredRemoval, destroy goes on, records the removal as undelivered, and restores the widget byte for byte", async () => {
    await dev.run(["config", "set", "allowUndeliveredRemoval", "true"]);
    const deliveries = world.waf.deliveries.length;
    const up = await dev.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["~ 1 updated", "2 unchanged"]);
    expect(world.waf.deliveries).to.have.length(deliveries);
    for (let i = 0; i < 5; i++) world.waf.failNext({ status: 503 });
    const destroy = await dev.run(["destroy", "--yes"]);
    expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
    expect(destroy.output).to.contain(
      "warning: the WAF was not told that the policy of wc-support-001 was removed",
    );
    expect(widgetJson()).to.equal(before);
    expect(world.waf.deliveries).to.have.length(deliveries);
    const removal = auditLines(world.auditDir).at(-2);
    expect(removal).to.include({
      resource: "WafWebhook",
      action: "delete",
      outcome: "undelivered",
    });
  });
});
