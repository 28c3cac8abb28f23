import { execFileSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { REPO_ROOT, type CliResult, type StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";
import { readDirChainSync } from "../../provider/audit/local-dir-sink";
import { checkChain, verifyAuditChain } from "../../provider/audit/verify-audit";
import { anchorsFromState } from "../../provider/cli/stack-anchors";
import { auditLines } from "../helpers/audit-lines";

const WIDGETS = Array.from({ length: 20 }, (_, i) => `wc-load-${String(i).padStart(3, "0")}`);
const ORIGINS = ["https://www.example.com"];

/** The processes in a process group, as `pid args` lines. */
function processGroup(pgid: number): string[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "-g", String(pgid)], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.trim() !== "");
  } catch {
    return []; // ps exits 1 when the group is empty
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The commands of the `sh` blocks of docs/recovery.md, in order, each as the arguments of
 * `pulumi`: the recovery after a killed `up` (block 0) and after a killed `destroy` (block 1).
 */
function documentedSteps(block: number): string[][] {
  const doc = readFileSync(join(REPO_ROOT, "docs", "recovery.md"), "utf8");
  const code = [...doc.matchAll(/^```sh\n([\s\S]*?)^```$/gm)][block]?.[1] ?? "";
  const commands = code
    .split("\n")
    .flatMap((line) => line.replace(/#.*/, "").split("&&"))
    .map((command) => command.trim())
    .filter((command) => command !== "");
  for (const command of commands) expect(command).to.match(/^pulumi /);
  return commands.map((command) => command.split(/\s+/).slice(1));
}

/** The operations `pulumi stack export` lists as pending. */
async function pendingOperations(stack: StackCli): Promise<{ type: string }[]> {
  const exported = JSON.parse((await stack.run(["stack", "export"])).stdout) as {
    deployment: { pending_operations?: { type: string }[] };
  };
  return exported.deployment.pending_operations ?? [];
}

/** Runs the documented steps of `block`, as written, and returns what each printed. */
async function followDocs(stack: StackCli, block: number): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const args of documentedSteps(block)) results.push(await stack.run(args));
  return results;
}

const PENDING_WARNING = "pending operations from previous deployment";

describe("an up interrupted by kill -9, and the recovery docs/recovery.md gives", function () {
  this.timeout(240_000);
  const world = useE2eWorld({
    widgets: WIDGETS.map((id, i) => ({ id, name: `Load ${i}`, settings: { greeting: `hi ${i}` } })),
  });
  let stack: StackCli;
  let pristine: Record<string, string>;
  let cliPid = 0;
  const puts = () => world.sim.requests.filter((r) => r.method === "PUT").length;
  const widgetJson = (id: string) => JSON.stringify(world.sim.widgets.get(id)?.widget);

  after(() => {
    // The v3.68 language host outlives a killed CLI (it sends nothing); reap it.
    if (cliPid !== 0)
      for (const line of processGroup(cliPid))
        process.kill(Number(line.trim().split(" ")[0]), "SIGKILL");
  });

  it("sends no write after the CLI is killed, and leaves no provider process behind", async () => {
    pristine = Object.fromEntries(WIDGETS.map((id) => [id, widgetJson(id)]));
    stack = await world.stack("many-widgets", "load");
    // 2 requests per second: 20 widgets take about 20 s, time enough to be interrupted.
    await stack.useWidgets(world.dir, WIDGETS, ORIGINS, 2);
    const up = stack
      .run(["up", "--yes"], { detached: true, onSpawn: (pid) => (cliPid = pid) })
      .catch((error: unknown) => error);
    for (let waited = 0; puts() < 4; waited += 100) {
      if (waited > 90_000) throw new Error(`only ${puts()} PUTs after 90 s`);
      await sleep(100);
    }
    process.kill(cliPid, "SIGKILL");
    const atKill = puts();
    expect(String(await up)).to.contain("was killed by SIGKILL");
    // Requests queued in the rate limiter would have gone on at 2/s: 10 more in 5 s. What may
    // still arrive is the write that was on the wire, or whose result the dead engine never got,
    // and its undo: one widget at most, and given back exactly as it was.
    await sleep(5_000);
    const late = world.sim.requests.filter((r) => r.method === "PUT").slice(atKill);
    const written = new Set(late.map((r) => r.path.split("/").pop() ?? ""));
    expect(written.size, "widgets written after the kill").to.be.at.most(1);
    expect(late.length, "PUTs after the kill").to.be.at.most(2);
    for (const id of written) expect(widgetJson(id), `${id} after the kill`).to.equal(pristine[id]);
    expect(processGroup(cliPid).filter((l) => l.includes("dynamic-provider"))).to.deep.equal([]);
  });

  /** Every widget has the declared policy and kept its other settings. */
  function expectConverged(): void {
    for (const [i, id] of WIDGETS.entries()) {
      const widget = world.sim.widgets.get(id)?.widget as unknown as {
        name: string;
        settings: { greeting: string; securityPolicies?: { corsOrigins: string[] } };
      };
      expect(widget.settings.securityPolicies?.corsOrigins, id).to.deep.equal(ORIGINS);
      expect([widget.name, widget.settings.greeting], id).to.deep.equal([`Load ${i}`, `hi ${i}`]);
    }
  }

  it("recovers with the documented steps: every widget converges, none half-written, and no pending operation or warning remains", async () => {
    // The killed up left creates pending, which Pulumi keeps until told otherwise.
    const left = await pendingOperations(stack);
    console.log(`      pending operations the killed up left: ${left.length}`);
    expect(left.filter((op) => op.type === "creating").length).to.be.greaterThan(0);
    await stack.run(["config", "set", "cxone:requestsPerSecond", "10"]);
    const steps = await followDocs(stack, 0);
    for (const step of steps) expect(step.output, step.command).to.not.contain(PENDING_WARNING);
    expectConverged();
    expect(await pendingOperations(stack)).to.deep.equal([]);
    const up = await stack.run(["up", "--yes"]);
    expect(up.output).to.not.contain(PENDING_WARNING);
    // The policies and the stack itself.
    expect(resourceSummary(up.stdout)).to.deep.equal([`${WIDGETS.length + 1} unchanged`]);
    // One operation, one line: a create that finds its lost create's write adds none of its own.
    const creates = auditLines(world.auditDir).filter(
      (l) => l.resource === "WebchatSecurityPolicy" && l.action === "create",
    );
    for (const id of WIDGETS)
      expect(
        creates.filter((l) => l.widgetId === id && l.outcome === "success"),
        id,
      ).to.have.length(1);
    const anchors = anchorsFromState(JSON.parse((await stack.run(["stack", "export"])).stdout));
    expect(anchors).to.have.length(WIDGETS.length);
    expect(checkChain(readDirChainSync(world.auditDir), { anchors }).missing).to.deep.equal([]);
  });

  it("a destroy killed half way leaves no provider process, spinning or not, after 10 s", async () => {
    await stack.run(["config", "set", "cxone:requestsPerSecond", "2"]);
    const puts0 = puts();
    const destroy = stack
      .run(["destroy", "--yes"], { detached: true, onSpawn: (pid) => (cliPid = pid) })
      .catch((error: unknown) => error);
    for (let waited = 0; puts() < puts0 + 4; waited += 100) {
      if (waited > 90_000) throw new Error(`only ${puts() - puts0} PUTs after 90 s`);
      await sleep(100);
    }
    process.kill(cliPid, "SIGKILL");
    expect(String(await destroy)).to.contain("was killed by SIGKILL");
    await sleep(10_000);
    expect(processGroup(cliPid).filter((l) => l.includes("dynamic-provider"))).to.deep.equal([]);
  });

  it("recovers with the documented steps: every widget back byte for byte, no pending operation, and the audit chain says what happened", async () => {
    const left = await pendingOperations(stack);
    console.log(`      pending operations the killed destroy left: ${left.length}`);
    expect(left.filter((op) => op.type === "creating")).to.deep.equal([]);
    await stack.run(["config", "set", "cxone:requestsPerSecond", "10"]);
    const steps = await followDocs(stack, 1);
    const destroy = steps.at(-1);
    expect(destroy?.command).to.match(/^pulumi destroy /);
    // It warns of the deletes the killed destroy left pending (if any were), and completes them.
    if (left.length > 0) expect(destroy?.output).to.contain(PENDING_WARNING);
    expect(await pendingOperations(stack)).to.deep.equal([]);
    for (const id of WIDGETS) expect(widgetJson(id), id).to.equal(pristine[id]);
    // One delete line per widget, over the two destroys: the killed one's, then the rest.
    const deletes = auditLines(world.auditDir).filter(
      (l) => l.action === "delete" && l.resource === "WebchatSecurityPolicy",
    );
    expect(new Set(deletes.map((l) => l.widgetId))).to.have.length(WIDGETS.length);
    expect(verifyAuditChain(world.auditDir).ok).to.equal(true);
  });

  it("recovers with the same steps when the state backend went away during up", async function () {
    this.timeout(600_000);
    const backend = join(world.dir, "state", "backend");
    const away = `${backend}.away`;
    // One step at a time: the CLI retries each checkpoint it cannot write for about 30 s.
    const up = stack.run(["up", "--yes", "--parallel", "1"], { allowFailure: true });
    for (let waited = 0; puts() < 3; waited += 100) {
      if (waited > 90_000) throw new Error(`only ${puts()} PUTs after 90 s`);
      await sleep(100);
    }
    // The next write is held for 5 s: the backend vanishes while its create is under way, so
    // the state keeps that create pending. A file in the directory's place keeps it from coming back.
    world.sim.faults.enqueue({ fault: { type: "delay", ms: 5_000 }, route: "widget-put" });
    for (let waited = 0; world.sim.faults.pending > 0; waited += 50) {
      if (waited > 90_000) throw new Error("no write after 90 s");
      await sleep(50);
    }
    renameSync(backend, away);
    writeFileSync(backend, "");
    const failed = await up;
    expect(failed.code, failed.output).to.not.equal(0);
    expect(failed.output).to.contain("failed to save snapshot");
    expect(failed.output).to.contain("there was a problem deleting the lock");
    rmSync(backend);
    renameSync(away, backend);
    const left = await pendingOperations(stack);
    expect(left.filter((op) => op.type === "creating").length).to.be.greaterThan(0);
    const steps = await followDocs(stack, 0);
    for (const step of steps) expect(step.output, step.command).to.not.contain(PENDING_WARNING);
    expectConverged();
    expect(await pendingOperations(stack)).to.deep.equal([]);
    const destroy = await stack.run(["destroy", "--yes"]);
    expect(destroy.output).to.not.contain(PENDING_WARNING);
    for (const id of WIDGETS) expect(widgetJson(id), id).to.equal(pristine[id]);
  });
});

describe("a create that landed but never reached the state", function () {
  this.timeout(180_000);
  const ID = "wc-lost-000";
  const found = {
    corsOrigins: ["https://legacy.example.com"],
    authentication: { requireToken: false },
    rules: [],
  };
  const world = useE2eWorld({
    widgets: [{ id: ID, name: "Lost", settings: { greeting: "hi", securityPolicies: found } }],
  });
  const widgetJson = () => JSON.stringify(world.sim.widgets.get(ID)?.widget);

  it("is adopted again with what the widget held before, and destroy gives that back byte for byte", async () => {
    const pristine = widgetJson();
    const stack = await world.stack("many-widgets", "lost");
    await stack.useWidgets(world.dir, [ID], ORIGINS, 10);
    await stack.run(["up", "--yes"]);
    // What a kill between the write and the checkpoint leaves: the write landed, the state has
    // no resource. `pulumi state delete` makes exactly that, every time.
    const exported = JSON.parse((await stack.run(["stack", "export"])).stdout) as {
      deployment: { resources: { urn: string }[] };
    };
    const urn = exported.deployment.resources.find((r) => r.urn.endsWith(`::policy-${ID}`))?.urn;
    expect(urn, "the policy's URN").to.be.a("string");
    await stack.run(["state", "delete", String(urn), "--yes"]);
    const puts = world.sim.requests.filter((r) => r.method === "PUT").length;
    const lines = auditLines(world.auditDir).length;
    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 1 created", "1 unchanged"]);
    expect(world.sim.requests.filter((r) => r.method === "PUT").length, "PUTs").to.equal(puts);
    // Nothing was written, and the first create's line records this create: no second line,
    // and the state anchors that one.
    expect(auditLines(world.auditDir)).to.have.length(lines);
    const [created] = auditLines(world.auditDir).filter(
      (l) => l.widgetId === ID && l.resource === "WebchatSecurityPolicy",
    );
    expect(created).to.include({ action: "create", outcome: "success" });
    const { digests } = (await stack.outputs()) as { digests: Record<string, string> };
    expect(digests[ID]).to.equal(created?.digestAfter);
    const anchors = anchorsFromState(JSON.parse((await stack.run(["stack", "export"])).stdout));
    expect(anchors.map((a) => a.anchor)).to.include(created?.hash);
    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    await stack.run(["destroy", "--yes"]);
    expect(widgetJson()).to.equal(pristine);
  });
});
