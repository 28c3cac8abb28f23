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
  type CliResult,
  type PulumiCli,
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

/** What the demo's steps share. */
interface Demo {
  readonly pulumi: (args: string[], options?: RunOptions) => Promise<CliResult>;
  readonly sim: CxoneSimulator;
  readonly waf: WafReceiver;
  readonly stateDir: string;
  readonly auditDir: string;
  readonly signingSecret: string;
  /** The widget as the demo found it. */
  before: string;
  /** Whether the stack file exists, and so the stack. */
  created: boolean;
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
  const demo = prepare(cli);
  try {
    await step(2, "Start the CXone simulator and the WAF receiver on loopback", () =>
      startServers(demo),
    );
    await step(3, `Create the "${STACK}" stack from Pulumi.dev.yaml, aimed at them`, () =>
      createStack(demo),
    );
    await step(4, "Preview: the plan, with the policy digest the WAF will get", () =>
      demo.pulumi(["preview", "--diff"]),
    );
    await step(5, "Deploy", () => demo.pulumi(["up", "--yes"]));
    await step(6, "Preview again: nothing to change", () =>
      demo.pulumi(["preview", "--expect-no-changes"]),
    );
    await step(7, "Refresh: the live policy is the declared one", () =>
      demo.pulumi(["refresh", "--yes", "--expect-no-changes"]),
    );
    await step(
      8,
      "Change one rule and preview it: one rule, and the digest it leads to",
      async () => {
        await demo.pulumi(["config", "set", "--path", "rules[2].pattern", "/checkout/v2/*"]);
        await demo.pulumi(["preview", "--diff"]);
      },
    );
    await step(9, "What the WAF and the audit trail hold", () => showWhatIsHeld(demo));
  } finally {
    // A failed shutdown is reported, but never hides the failure that came before it.
    await step(10, "Destroy (gives the widget back), remove the stack, stop the servers", () =>
      tearDown(demo),
    ).catch(report);
  }
}

/** The demo's servers, folders and CLI runner; the CLI's output is shown as it prints it. */
function prepare(cli: PulumiCli): Demo {
  const stateDir = mkdtempSync(join(tmpdir(), "cxone-demo-"));
  const signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
  // Each command starts on a fresh line.
  let atLineStart = true;
  const show = (text: string) => {
    process.stdout.write(text);
    atLineStart = text.endsWith("\n");
  };
  const project = new PulumiProject(cli, REPO_ROOT, offlineEnv(cli, stateDir), show);
  return {
    pulumi: (args, options) => {
      show(`${atLineStart ? "" : "\n"}$ ${commandLine(args, options?.secretArgs)}\n`);
      return project.run(args, options);
    },
    sim: new CxoneSimulator(),
    waf: new WafReceiver({ secret: signingSecret }),
    stateDir,
    auditDir: join(stateDir, "audit"),
    signingSecret,
    before: "",
    created: false,
  };
}

async function startServers(demo: Demo): Promise<void> {
  await demo.sim.start();
  await demo.waf.start();
  demo.before = JSON.stringify(demo.sim.widgets.get(WIDGET)?.widget);
  console.log(
    `      CXone simulator: ${demo.sim.url} (widgets ${demo.sim.widgets.ids().join(", ")})`,
  );
  console.log(`      WAF receiver:    ${demo.waf.url}`);
  console.log(`      state:           ${demo.stateDir} (a file backend, removed at the end)`);
}

async function createStack(demo: Demo): Promise<void> {
  const { pulumi } = demo;
  copyFileSync(join(REPO_ROOT, "Pulumi.dev.yaml"), STACK_FILE);
  demo.created = true;
  await pulumi(["stack", "init", STACK]);
  await pulumi(["config", "set", "cxone:baseUrl", demo.sim.url]);
  await pulumi(["config", "set", "cxone:clientId", DEMO_CREDENTIALS.clientId]);
  await pulumi(["config", "set", "--secret", "cxone:clientSecret", DEMO_CREDENTIALS.clientSecret], {
    secretArgs: [DEMO_CREDENTIALS.clientSecret],
  });
  await pulumi(["config", "set", "cxone:auditDir", demo.auditDir]);
  await pulumi(["config", "set", "wafUrl", demo.waf.url]);
  await pulumi(["config", "set", "--secret", "wafSigningSecret", demo.signingSecret], {
    secretArgs: [demo.signingSecret],
  });
}

/** Checks, and shows, that the WAF got the deployed digest and the audit chain is intact. */
async function showWhatIsHeld(demo: Demo): Promise<void> {
  const outputs = JSON.parse((await demo.pulumi(["stack", "output", "--json"])).stdout) as {
    policyDigest?: string;
    deliveryId?: string;
  };
  const delivery = demo.waf.deliveries.find((d) => d.id === outputs.deliveryId);
  if (delivery === undefined)
    throw new Error("the WAF receiver has no verified delivery for this deployment");
  const data = (delivery.payload as { data: { policyDigest: string } }).data;
  if (data.policyDigest !== outputs.policyDigest)
    throw new Error(
      `the WAF got digest ${data.policyDigest}, the stack says ${outputs.policyDigest}`,
    );
  console.log(`      policyDigest: ${outputs.policyDigest}`);
  console.log(
    `      WAF delivery: ${delivery.id} (${delivery.type}), signature verified, digest matches`,
  );
  const chain = verifyAuditChain(demo.auditDir);
  if (!chain.ok) throw new Error(`the audit chain is broken at line ${chain.line}`);
  console.log(`      audit trail:  ${chain.lines} lines, hash chain intact`);
}

async function tearDown(demo: Demo): Promise<void> {
  try {
    if (demo.created) {
      await demo.pulumi(["destroy", "--yes"]);
      const after = JSON.stringify(demo.sim.widgets.get(WIDGET)?.widget);
      if (after !== demo.before) throw new Error(`destroy left ${WIDGET} different from before`);
      console.log(`      ${WIDGET} is byte for byte as it was before the demo`);
      await demo.pulumi(["stack", "rm", "--yes", STACK]);
    }
  } finally {
    rmSync(STACK_FILE, { force: true });
    rmSync(demo.stateDir, { recursive: true, force: true });
    await demo.sim.stop();
    await demo.waf.stop();
  }
}

function report(error: unknown): void {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

main().catch(report);
