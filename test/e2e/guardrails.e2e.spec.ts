import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { REPO_ROOT, type CliResult, type StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";

/** The pack's version: its package.json's, which @pulumi/policy reports. */
const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, "policy-pack", "package.json"), "utf8")) as {
    version: string;
  }
).version;
const PACK = `cxone-webchat-guardrails@v${VERSION}`;
const PROD_POLICY = "(pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy: webchat-prod)";
/** The config docs/guardrails.md shows; every stack below is checked against it unless it says. */
const EXAMPLE_CONFIG = join(REPO_ROOT, "policy-pack", "guardrails.example.json");
const MULTI_ENV = "cxone-webchat-multi-env";

/** The violation docs/guardrails.md shows, as the CLI printed it. */
function readmeViolation(): string {
  const section = readFileSync(join(REPO_ROOT, "docs", "guardrails.md"), "utf8").split(
    /^# Guardrails$/m,
  )[1];
  const block = /```text\n(Policies:[\s\S]*?)```/.exec(section ?? "");
  if (block?.[1] === undefined)
    throw new Error("docs/guardrails.md has no ```text block of Policies:");
  return block[1];
}

/** What the pack reported: the lines from "Policies:" to the next blank line. */
function policiesBlock(result: CliResult): string {
  const from = result.stdout.indexOf("Policies:");
  if (from < 0)
    throw new Error(`no "Policies:" in the output of ${result.command}:\n${result.output}`);
  const rest = result.stdout.slice(from);
  const end = rest.indexOf("\n\n");
  return `${(end < 0 ? rest : rest.slice(0, end)).replace(/[ \t]+$/gm, "")}\n`;
}

describe("the guardrails policy pack, run by pulumi preview --policy-pack on the multi-env example", function () {
  this.timeout(180_000);
  const world = useE2eWorld();
  const stacks: Partial<Record<"dev" | "staging" | "prod", StackCli>> = {};
  const stack = (name: "dev" | "staging" | "prod") => stacks[name] as StackCli;
  // A standard installation's language host runs policy-pack itself; the v3.68 host built here
  // cannot (no RunPlugin), so that CLI runs policy-pack/shim through the analyzer plugin.
  const pack = () => `../../policy-pack${world.cli.policyShim === undefined ? "" : "/shim"}`;
  const preview = (on: StackCli, config = EXAMPLE_CONFIG) =>
    on.run(["preview", "--policy-pack", pack(), "--policy-pack-config", config], {
      allowFailure: true,
    });
  const configFile = (name: string, config: object) => {
    const file = join(world.dir, name);
    writeFileSync(file, JSON.stringify(config));
    return file;
  };
  /** prod with a token that lives 4 hours and an origin outside the allowed domains. */
  const breakProd = () =>
    stack("prod").editStackFile((config) => {
      config[`${MULTI_ENV}:tokenExpiryMinutes`] = "240";
      config[`${MULTI_ENV}:corsOrigins`] = ["https://www.example.com", "https://shop.example.net"];
    });
  const restoreProd = () =>
    stack("prod").editStackFile((config) => {
      config[`${MULTI_ENV}:tokenExpiryMinutes`] = "30";
      config[`${MULTI_ENV}:corsOrigins`] = ["https://www.example.com", "https://shop.example.com"];
    });

  for (const name of ["dev", "staging", "prod"] as const) {
    it(`passes the compliant ${name} stack, and names the pack it ran`, async () => {
      stacks[name] = await world.stack("multi-env", name);
      const result = await preview(stack(name));
      expect(result.code, result.output).to.equal(0);
      expect(policiesBlock(result)).to.equal(`Policies:\n    ✅ ${PACK} (local: ${pack()})\n`);
      expect(resourceSummary(result.stdout)).to.deep.equal(["+ 3 to create"]);
      expect(result.output).to.not.contain("from $PATH");
    });
  }

  it("fails a non-compliant prod stack with each rule's message, as docs/guardrails.md shows it", async () => {
    breakProd();
    try {
      // The provider accepts this policy: the pack is what refuses it.
      const plain = await stack("prod").run(["preview"]);
      expect(resourceSummary(plain.stdout)).to.deep.equal(["+ 3 to create"]);
      const result = await preview(stack("prod"));
      expect(result.code).to.not.equal(0);
      expect(policiesBlock(result)).to.equal(
        readmeViolation().replace("(local: ../../policy-pack/shim)", `(local: ${pack()})`),
      );
      expect(result.stdout).to.contain("error: preview failed");
    } finally {
      restoreProd();
    }
  });

  it("prints an advisory violation as a warning, and the preview passes", async () => {
    stack("staging").editStackFile((config) => {
      config[`${MULTI_ENV}:extraRules`] = [
        { id: "allow-health", action: "allow", pattern: "/health" },
      ];
    });
    const result = await preview(stack("staging"));
    expect(result.code, result.output).to.equal(0);
    expect(policiesBlock(result)).to.equal(
      [
        "Policies:",
        `    ⚠️ ${PACK} (local: ${pack()})`,
        "        - [advisory]  webchat-allow-rule-logging  (pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy: webchat-staging)",
        "          Every allow rule has a log rule beside it, with the same pattern or one covering it.",
        '          webchat-staging: rules[2] (id "allow-health", pattern "/health") allows requests that no log rule records. Add a log rule beside it: { action: "log", pattern: "/health" } (or a pattern ending in "*" that covers it).',
        "",
      ].join("\n"),
    );
    expect(resourceSummary(result.stdout)).to.deep.equal(["+ 3 to create"]);
  });

  it("takes each rule's enforcement level from the config: advisory warns, disabled is silent", async () => {
    breakProd();
    try {
      const config = configFile("levels.json", {
        "webchat-production-token-auth": "advisory",
        "webchat-origin-domains": { enforcementLevel: "disabled", allowedDomains: ["example.com"] },
      });
      const result = await preview(stack("prod"), config);
      expect(result.code, result.output).to.equal(0);
      const block = policiesBlock(result);
      expect(block).to.contain(`⚠️ ${PACK}`);
      expect(block).to.contain(`- [advisory]  webchat-production-token-auth  ${PROD_POLICY}`);
      expect(block).to.not.contain("webchat-origin-domains");
    } finally {
      restoreProd();
    }
  });

  it("fails a stack whose policy no WafWebhook consumes (the stack rule)", async () => {
    await stack("dev").run(["config", "rm", `${MULTI_ENV}:wafUrl`]);
    const result = await preview(stack("dev"));
    expect(result.code).to.not.equal(0);
    expect(policiesBlock(result)).to.contain(
      [
        "        - [mandatory]  webchat-waf-webhook  (pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy: webchat-dev)",
        "          Every WebchatSecurityPolicy has a WafWebhook in the same stack that consumes its policyDigest.",
        '          webchat-dev: no WafWebhook in stack "dev" consumes its policyDigest, so the WAF is never told which policy is live. Add one to the program: WafWebhook.forPolicy(name, policy, { url, signingSecret }), where policy is this resource (or pass its policyDigest output as the webhook\'s policyDigest).',
      ].join("\n"),
    );
    expect(result.stdout).to.contain("error: preview failed");
    await stack("dev").set(`${MULTI_ENV}:wafUrl`, world.waf.url);
  });

  it("refuses a config the pack cannot use, naming the policy, the key and the rule", async () => {
    const belowSchema = await preview(
      stack("prod"),
      configFile("below.json", { "webchat-production-token-auth": { minTokenExpiryMinutes: 2 } }),
    );
    expect(belowSchema.code).to.not.equal(0);
    expect(belowSchema.stdout).to.contain(
      `error: validating policy config: cxone-webchat-guardrails ${VERSION}  webchat-production-token-auth: minTokenExpiryMinutes: Must be greater than or equal to 5`,
    );
    const crossed = await preview(
      stack("prod"),
      configFile("crossed.json", {
        "webchat-production-token-auth": { minTokenExpiryMinutes: 90 },
      }),
    );
    expect(crossed.code).to.not.equal(0);
    expect(crossed.stdout).to.contain(
      'GuardrailsConfigError: the config of policy "webchat-production-token-auth" is not usable: minTokenExpiryMinutes: 90: must not be above maxTokenExpiryMinutes (60)',
    );
    expect(crossed.stdout).to.not.match(/^\s+at /m);
  });
});
