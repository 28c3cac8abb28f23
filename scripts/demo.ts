/**
 * The one-command demo (`npm start`): the quickstart program against the embedded CXone
 * simulator and WAF receiver, on a local file backend, with no credentials and no internet.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { parse as parseYaml } from "yaml";
import { quickstart } from "../examples/quickstart/program";
import { verifyAuditChain } from "../provider/audit/verify-audit";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../provider/simulator/cxone-simulator";
import { WafReceiver } from "../provider/simulator/waf-receiver";
import { offlineEnv, pulumiEngine, REPO_ROOT } from "./pulumi-engine";

const STACK = "demo";
const STATE_DIR = join(REPO_ROOT, ".pulumi");
const AUDIT_DIR = join(STATE_DIR, "demo-audit");
const STEPS = 6;

async function step<T>(n: number, title: string, run: () => Promise<T>): Promise<T> {
  console.log(`\n[${n}/${STEPS}] ${title}`);
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step ${n}/${STEPS} (${title}) failed: ${message}`);
  }
}

/** The dev stack's settings, copied into the throwaway demo stack. */
function devStackConfig(): ConfigMap {
  const file = parseYaml(readFileSync(join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  return Object.fromEntries(
    Object.entries(file.config).map(([key, value]) => [
      key,
      { value: typeof value === "string" ? value : JSON.stringify(value) },
    ]),
  );
}

async function main(): Promise<void> {
  const engine = await step(
    1,
    "Pulumi CLI (built from Go modules on first use, then cached)",
    async () => {
      const e = await pulumiEngine();
      console.log(`      pulumi ${e.version} at ${e.binDir}`);
      return e;
    },
  );
  const signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const sim = new CxoneSimulator();
  const waf = new WafReceiver({ secret: signingSecret });
  let stack: Stack | undefined;
  try {
    await step(2, "Start the CXone simulator and the WAF receiver on loopback", async () => {
      await sim.start();
      await waf.start();
      console.log(`      CXone simulator: ${sim.url} (widgets ${sim.widgets.ids().join(", ")})`);
      console.log(`      WAF receiver:    ${waf.url}`);
    });
    stack = await step(
      3,
      `Create the local backend (${STATE_DIR}) and the "${STACK}" stack, pointed at them`,
      async () => {
        rmSync(AUDIT_DIR, { recursive: true, force: true });
        const s = await LocalWorkspace.createOrSelectStack(
          { stackName: STACK, projectName: "cxone-webchat-quickstart", program: quickstart },
          {
            workDir: REPO_ROOT,
            pulumiCommand: engine.command,
            envVars: offlineEnv(engine, STATE_DIR),
          },
        );
        await s.setAllConfig({
          ...devStackConfig(),
          "cxone-webchat-quickstart:wafUrl": { value: waf.url },
          "cxone-webchat-quickstart:wafSigningSecret": { value: signingSecret, secret: true },
          "cxone:baseUrl": { value: sim.url },
          "cxone:clientId": { value: DEMO_CREDENTIALS.clientId },
          "cxone:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
          "cxone:auditDir": { value: AUDIT_DIR },
        });
        return s;
      },
    );
    const outputs = await step(
      4,
      "pulumi up --yes, then pulumi preview (expecting no changes)",
      async () => {
        const up = await stack!.up({ onOutput: (text) => process.stdout.write(text) });
        const preview = await stack!.preview({ expectNoChanges: true });
        console.log(`      preview: ${JSON.stringify(preview.changeSummary)} — no changes`);
        return up.outputs;
      },
    );
    await step(5, "Result: the live policy's digest and the WAF's verified delivery", async () => {
      const digest = String(outputs.policyDigest?.value);
      const delivery = waf.deliveries.find((d) => d.id === outputs.deliveryId?.value);
      if (delivery === undefined)
        throw new Error("the WAF receiver has no verified delivery for this deployment");
      const data = (delivery.payload as { data: { configDigest: string } }).data;
      if (data.configDigest !== digest)
        throw new Error(`the WAF got digest ${data.configDigest}, the stack says ${digest}`);
      console.log(`      policyDigest:      ${digest}`);
      console.log(
        `      WAF delivery:      ${delivery.id} (${delivery.type}), signature verified, digest matches`,
      );
      const chain = verifyAuditChain(AUDIT_DIR);
      console.log(
        `      audit trail:       ${AUDIT_DIR}/audit.jsonl, chain ${chain.ok ? `intact (${chain.lines} lines)` : `BROKEN at line ${chain.line}`}`,
      );
    });
  } finally {
    // A failed shutdown is reported, but never hides the failure that came before it.
    await step(
      6,
      "Shut down: pulumi destroy (restores the widget), remove the stack, stop the servers",
      async () => {
        try {
          if (stack !== undefined) {
            await stack.destroy();
            await stack.workspace.removeStack(STACK);
          }
        } finally {
          await sim.stop();
          await waf.stop();
        }
        console.log("      done");
      },
    ).catch(report);
  }
}

function report(error: unknown): void {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

main().catch(report);
