/**
 * The one-command demo (`npm start`): the quickstart in the repository root, driven with the
 * real `pulumi` CLI exactly as a user types it, against the embedded CXone simulator and WAF
 * receiver on loopback. No credentials, no internet. The backend and PULUMI_HOME live in a
 * temporary folder, and the repository is left as it was found.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyAuditChain } from "../provider/audit/verify-audit";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";
import { WafReceiver } from "../provider/simulator/waf-receiver";
import {
  commandLine,
  offlineEnv,
  pulumiCli,
  PulumiProject,
  REPO_ROOT,
  type RunOptions,
} from "./pulumi-project";

const STACK = "demo";
const STACK_FILE = join(REPO_ROOT, `Pulumi.${STACK}.yaml`);
const WIDGET = "wc-support-001";
const STEPS = 10;

async function step<T>(n: number, title: string, run: () => Promise<T>): Promise<T> {
  console.log(`\n[${n}/${STEPS}] ${title}`);
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step ${n}/${STEPS} (${title}) failed: ${message}`);
  }
}

async function main(): Promise<void> {
  if (existsSync(STACK_FILE)) {
    throw new Error(
      `${STACK_FILE} already exists; the demo creates and removes it. Move it away and run again.`,
    );
  }
  const cli = await step(
    1,
    "The Pulumi CLI (built from Go modules on first use, then cached)",
    () => Promise.resolve(pulumiCli()),
  );
  console.log(`      pulumi ${cli.version} at ${cli.binDir}`);
  const stateDir = mkdtempSync(join(tmpdir(), "cxone-demo-"));
  const auditDir = join(stateDir, "audit");
  const signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const sim = new CxoneSimulator();
  const waf = new WafReceiver({ secret: signingSecret });
  // The CLI's output is shown exactly as it prints it; each command starts on a fresh line.
  let atLineStart = true;
  const show = (text: string) => {
    process.stdout.write(text);
    atLineStart = text.endsWith("\n");
  };
  const project = new PulumiProject(cli, REPO_ROOT, offlineEnv(cli, stateDir), show);
  const pulumi = (args: string[], options?: RunOptions) => {
    show(`${atLineStart ? "" : "\n"}$ ${commandLine(args, options?.secretArgs)}\n`);
    return project.run(args, options);
  };
  let before = "";
  let created = false;
  try {
    await step(2, "Start the CXone simulator and the WAF receiver on loopback", async () => {
      await sim.start();
      await waf.start();
      before = JSON.stringify(sim.widgets.get(WIDGET)?.widget);
      console.log(`      CXone simulator: ${sim.url} (widgets ${sim.widgets.ids().join(", ")})`);
      console.log(`      WAF receiver:    ${waf.url}`);
      console.log(`      state:           ${stateDir} (a file backend, removed at the end)`);
    });
    await step(3, `Create the "${STACK}" stack from Pulumi.dev.yaml, aimed at them`, async () => {
      copyFileSync(join(REPO_ROOT, "Pulumi.dev.yaml"), STACK_FILE);
      created = true;
      await pulumi(["stack", "init", STACK]);
      await pulumi(["config", "set", "cxone:baseUrl", sim.url]);
      await pulumi(["config", "set", "cxone:clientId", DEMO_CREDENTIALS.clientId]);
      await pulumi(
        ["config", "set", "--secret", "cxone:clientSecret", DEMO_CREDENTIALS.clientSecret],
        {
          secretArgs: [DEMO_CREDENTIALS.clientSecret],
        },
      );
      await pulumi(["config", "set", "cxone:auditDir", auditDir]);
      await pulumi(["config", "set", "wafUrl", waf.url]);
      await pulumi(["config", "set", "--secret", "wafSigningSecret", signingSecret], {
        secretArgs: [signingSecret],
      });
    });
    await step(4, "Preview: the plan, with the policy digest the WAF will get", () =>
      pulumi(["preview", "--diff"]),
    );
    await step(5, "Deploy", () => pulumi(["up", "--yes"]));
    await step(6, "Preview again: nothing to change", () =>
      pulumi(["preview", "--expect-no-changes"]),
    );
    await step(7, "Refresh: the live policy is the declared one", () =>
      pulumi(["refresh", "--yes", "--expect-no-changes"]),
    );
    await step(
      8,
      "Change one rule and preview it: one rule, and the digest it leads to",
      async () => {
        await pulumi(["config", "set", "--path", "rules[2].pattern", "/checkout/v2/*"]);
        await pulumi(["preview", "--diff"]);
      },
    );
    await step(9, "What the WAF and the audit trail hold", async () => {
      const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as {
        policyDigest?: string;
        deliveryId?: string;
      };
      const delivery = waf.deliveries.find((d) => d.id === outputs.deliveryId);
      if (delivery === undefined)
        throw new Error("the WAF receiver has no verified delivery for this deployment");
      const data = (delivery.payload as { data: { configDigest: string } }).data;
      if (data.configDigest !== outputs.policyDigest)
        throw new Error(
          `the WAF got digest ${data.configDigest}, the stack says ${outputs.policyDigest}`,
        );
      console.log(`      policyDigest: ${outputs.policyDigest}`);
      console.log(
        `      WAF delivery: ${delivery.id} (${delivery.type}), signature verified, digest matches`,
      );
      const chain = verifyAuditChain(auditDir);
      if (!chain.ok) throw new Error(`the audit chain is broken at line ${chain.line}`);
      console.log(`      audit trail:  ${chain.lines} lines, hash chain intact`);
    });
  } finally {
    // A failed shutdown is reported, but never hides the failure that came before it.
    await step(
      10,
      "Destroy (gives the widget back), remove the stack, stop the servers",
      async () => {
        try {
          if (created) {
            await pulumi(["destroy", "--yes"]);
            const after = JSON.stringify(sim.widgets.get(WIDGET)?.widget);
            if (after !== before) throw new Error(`destroy left ${WIDGET} different from before`);
            console.log(`      ${WIDGET} is byte for byte as it was before the demo`);
            await pulumi(["stack", "rm", "--yes", STACK]);
          }
        } finally {
          rmSync(STACK_FILE, { force: true });
          rmSync(stateDir, { recursive: true, force: true });
          await sim.stop();
          await waf.stop();
        }
      },
    ).catch(report);
  }
}

function report(error: unknown): void {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

main().catch(report);
