import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { AuditLine, ChainLink } from "../../provider/audit/audit-log";
import { openSink } from "../../provider/audit/audit-sinks";
import { spooledIds } from "../../provider/audit/audit-spool";
import { checkChain } from "../../provider/audit/verify-audit";
import { anchorsFromState } from "../../provider/cli/stack-anchors";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { WafReceiver } from "../../provider/simulator/waf-receiver";
import {
  offlineEnv,
  pulumiCli,
  PulumiProject,
  REPO_ROOT,
  repoSandbox,
  StackCli,
  type CliResult,
  type PulumiCli,
} from "../../scripts/pulumi-project";
import { useVersitygw } from "../helpers/versitygw";
import { EXAMPLES, resourceSummary } from "./e2e-world";

const PROJECT = EXAMPLES["multi-env"].project;
const WIDGETS = { dev: "wc-support-001", staging: "wc-staging-003", prod: "wc-sales-002" } as const;
type Env = keyof typeof WIDGETS;
/** Who deploys what: operator 1 dev and staging, operator 2 prod. */
const OWNER: Record<Env, 0 | 1> = { dev: 0, staging: 0, prod: 1 };

/** One operator: a checkout of their own, a PULUMI_HOME of their own, the team's backend. */
interface Operator {
  readonly name: string;
  readonly project: PulumiProject;
  readonly spool: string;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `pulumi-cxone-webchat <args>` as an operator types it in their project directory. */
function cxone(operator: Operator, args: readonly string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "dist/provider/cli/main.js"), ...args], {
      cwd: operator.project.dir,
      env: { ...process.env, ...operator.project.env, ...env },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

describe("a team: two operators, one S3 backend on versitygw, one audit sink", function () {
  this.timeout(20 * 60_000);
  const s3 = useVersitygw();
  const signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const auditKey = randomBytes(24).toString("hex");
  let cli: PulumiCli;
  let dir = "";
  let sim: CxoneSimulator;
  let waf: WafReceiver;
  let backendUrl = "";
  let auditUrl = "";
  let operators: Operator[] = [];
  const stacks = {} as Record<Env, StackCli>;
  const digests = {} as Record<Env, string>;
  let pristine: Record<string, string> = {};
  const widgetJson = (id: string) => JSON.stringify(sim.widgets.get(id)?.widget);
  const allStacks = () => Object.entries(stacks) as Array<[Env, StackCli]>;

  /** Every line of the team's audit chain, read from S3. */
  async function chain(): Promise<ChainLink[]> {
    const links: ChainLink[] = [];
    for await (const link of openSink(auditUrl, "test", { env: s3.server.env }).read())
      links.push(link);
    return links;
  }
  const parsed = (links: ChainLink[]) => links.map((l) => JSON.parse(l.text) as AuditLine);

  const bob = () => operators[1] as Operator;
  const alice = () => operators[0] as Operator;
  const sinkDir = () => s3.server.path("team-audit");
  // The bucket's folder moves away and back: the sink answers NoSuchBucket meanwhile, while
  // the state backend, on the same server, stays up.
  const away = () => renameSync(sinkDir(), `${sinkDir()}.away`);
  const back = () => renameSync(`${sinkDir()}.away`, sinkDir());
  const verify = (operator: Operator, stack?: Env) =>
    cxone(operator, ["audit", "verify", auditUrl, ...(stack ? ["--stack", stack] : [])], {
      CXONE_AUDIT_KEY: auditKey,
    });
  const prodAnchors = async () =>
    anchorsFromState(JSON.parse((await stacks.prod.run(["stack", "export"])).stdout));
  let chainLength = 6;

  /** Bob's up of prod with the sink away: its two lines wait in his spool. */
  async function spooledUp(tokenExpiryMinutes: string): Promise<string[]> {
    away();
    await stacks.prod.set(`${PROJECT}:tokenExpiryMinutes`, tokenExpiryMinutes);
    const up = await stacks.prod.run(["up", "--yes"]);
    back();
    expect(resourceSummary(up.stdout)).to.deep.equal(["~ 2 updated", "1 unchanged"]);
    expect(up.output).to.contain("is kept in");
    const ids = spooledIds(bob().spool, auditUrl);
    expect(ids).to.have.length(2);
    expect((await prodAnchors()).map((a) => a.anchor).sort()).to.deep.equal(
      ids.map((id) => `spool:${id}`).sort(),
    );
    return ids;
  }

  /** After a run of Bob's that flushed: his spool is empty, and the chain holds both lines. */
  async function flushed(ids: readonly string[], output: string): Promise<void> {
    expect(output).to.contain(`${auditUrl}: wrote 2 audit lines that waited in `);
    expect(spooledIds(bob().spool, auditUrl)).to.deep.equal([]);
    chainLength += 2;
    const chained = parsed(await chain());
    expect(chained.map((l) => l.seq)).to.deep.equal(
      Array.from({ length: chainLength }, (_, i) => i + 1),
    );
    expect(
      chained
        .slice(-2)
        .map((l) => l.spoolId)
        .sort(),
    ).to.deep.equal([...ids].sort());
    const result = await verify(alice(), "prod");
    expect(result, result.out).to.deep.include({ code: 0 });
    expect(result.out).to.contain(
      `${auditUrl}: the state names 2 audit lines; 2 in the chain, 0 spooled`,
    );
  }

  before(async function () {
    this.timeout(30 * 60_000);
    cli = pulumiCli();
    dir = mkdtempSync(join(tmpdir(), "cxone-team-"));
    sim = await new CxoneSimulator().start();
    waf = await new WafReceiver({ secret: signingSecret }).start();
    pristine = Object.fromEntries(Object.values(WIDGETS).map((id) => [id, widgetJson(id)]));
    const stateBucket = s3.server.bucket("pulumi-state");
    backendUrl = `s3://${stateBucket}?endpoint=${s3.server.endpoint}&use_path_style=true&region=us-east-1`;
    auditUrl = s3.server.url(s3.server.bucket("team-audit"), "cxone/webchat");
    operators = ["alice", "bob"].map((name) => {
      const home = join(dir, name);
      const sandbox = repoSandbox(home);
      const spool = join(home, "audit-spool");
      const env = {
        ...offlineEnv(cli, join(home, "state"), { login: true }),
        ...s3.server.env,
        CXONE_AUDIT_SPOOL: spool,
      };
      const project = new PulumiProject(cli, join(sandbox, EXAMPLES["multi-env"].dir), env);
      return { name, project, spool };
    });
  });

  after(async () => {
    await sim?.stop();
    await waf?.stop();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("logs each operator in to the s3:// backend, and stack init writes the stacks into the bucket", async () => {
    for (const operator of operators) {
      await operator.project.run(["login", backendUrl]);
      const whoami = await operator.project.run(["whoami", "--verbose"]);
      expect(whoami.stdout).to.contain(`Backend URL: ${backendUrl}`);
    }
    for (const [env, owner] of Object.entries(OWNER) as Array<[Env, 0 | 1]>) {
      const stack = await StackCli.init((operators[owner] as Operator).project, env);
      await stack.useSimulator(sim.url);
      await stack.set("cxone:audit", auditUrl);
      await stack.set("cxone:auditKey", auditKey, true);
      await stack.set(`${PROJECT}:wafUrl`, waf.url);
      await stack.set(`${PROJECT}:wafSigningSecret`, signingSecret, true);
      stacks[env] = stack;
    }
    const stored = walk(s3.server.path("pulumi-state", ".pulumi/stacks"))
      .map((f) => f.slice(s3.server.path("pulumi-state").length))
      .filter((f) => f.endsWith(".json"));
    expect(stored.sort()).to.deep.equal(
      ["dev", "prod", "staging"].map((s) => `/.pulumi/stacks/${PROJECT}/${s}.json`),
    );
    // Bob sees Alice's stacks in the shared backend, as she sees his.
    const listed = await (operators[1] as Operator).project.run(["stack", "ls", "--json"]);
    expect(
      (JSON.parse(listed.stdout) as Array<{ name: string }>).map((s) => s.name).sort(),
    ).to.deep.equal(["dev", "prod", "staging"]);
    // Bob pulls the repository: Alice's stack settings, as committed, are in his checkout too.
    for (const env of ["dev", "staging"] as const) {
      const file = `Pulumi.${env}.yaml`;
      copyFileSync(
        join((operators[0] as Operator).project.dir, file),
        join((operators[1] as Operator).project.dir, file),
      );
    }
  });

  it("deploys dev and staging (Alice) and prod (Bob) at once, while each stack's lock refuses a second up", async () => {
    const ups = allStacks().map(
      async ([env, stack]) => [env, await stack.run(["up", "--yes"])] as const,
    );
    // Bob starts an up of dev while Alice's runs: the backend's lock on dev must refuse it.
    const locks = s3.server.path("pulumi-state", `.pulumi/locks/organization/${PROJECT}/dev`);
    const deadline = Date.now() + 120_000;
    while (walk(locks).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(walk(locks), "Alice's up of dev never took its lock").to.have.length(1);
    const second = await new StackCli((operators[1] as Operator).project, "dev").run(
      ["up", "--yes"],
      { allowFailure: true },
    );
    const results = await Promise.all(ups);
    for (const [env, up] of results) {
      expect(resourceSummary(up.stdout), env).to.deep.equal(["+ 3 created"]);
    }
    expect(second.code).to.not.equal(0);
    const lines = second.output.split("\n").map((l) => l.trim());
    expect(lines).to.include(
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
    );
    // The lock file's URL is the backend's with its path, query included.
    const holder = lines.find((l) => l.includes("created by")) ?? "";
    expect(holder).to.match(
      new RegExp(
        `^s3://pulumi-state/\\.pulumi/locks/organization/${PROJECT}/dev/[0-9a-f-]+\\.json\\S*: created by \\S+@\\S+ \\(pid \\d+\\) at \\S+$`,
      ),
      second.output,
    );
    console.log(
      `      the second up of dev was refused:\n        ${lines.filter((l) => l.startsWith("error:") || l === holder).join("\n        ")}`,
    );
    for (const [env, stack] of allStacks()) {
      const outputs = await stack.outputs();
      expect(outputs.widgetId, env).to.equal(WIDGETS[env]);
      digests[env] = String(outputs.policyDigest);
    }
    expect(new Set(Object.values(digests)).size).to.equal(3);
  });

  it("shows no changes afterwards: preview and refresh of every stack", async () => {
    for (const [, stack] of allStacks()) {
      await stack.run(["preview", "--expect-no-changes"]);
      await stack.run(["refresh", "--yes", "--expect-no-changes"]);
    }
  });

  it("told the WAF exactly once per digest deployed", () => {
    const delivered = waf.deliveries.map((d) => {
      const data = (d.payload as { data: { widgetId: string; policyDigest: string } }).data;
      return [d.type, data.widgetId, data.policyDigest];
    });
    expect(delivered.sort()).to.deep.equal(
      (Object.keys(WIDGETS) as Env[])
        .map((env) => ["webchat_security_policy_deployed", WIDGETS[env], digests[env]])
        .sort(),
    );
  });

  it("keeps one signed audit chain with one line per operation, holding every line each stack's state names", async () => {
    const lines = parsed(await chain());
    expect(lines.map((l) => l.seq)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(lines.map((l) => [l.resource, l.widgetId, l.action, l.outcome]).sort()).to.deep.equal(
      Object.values(WIDGETS)
        .flatMap((id) => [
          ["WafWebhook", id, "create", "success"],
          ["WebchatSecurityPolicy", id, "create", "success"],
        ])
        .sort(),
    );
    const anchors = [];
    for (const [, stack] of allStacks()) {
      const exported = (await stack.run(["stack", "export"])).stdout;
      anchors.push(...anchorsFromState(JSON.parse(exported)));
    }
    expect(anchors).to.have.length(6);
    const check = checkChain(await chain(), { key: auditKey, anchors });
    expect(check).to.deep.include({ lines: 6, headSigned: true, anchored: 6 });
    expect(check.broken).to.equal(undefined);
    for (const operator of operators)
      expect(spooledIds(operator.spool, auditUrl)).to.deep.equal([]);
    // The command line, as each operator types it, for each stack of theirs.
    for (const [env, owner] of Object.entries(OWNER) as Array<[Env, 0 | 1]>) {
      const result = await cxone(
        operators[owner] as Operator,
        ["audit", "verify", auditUrl, "--stack", env],
        { CXONE_AUDIT_KEY: auditKey },
      );
      expect(result, env).to.deep.include({ code: 0 });
      expect(result.out).to.contain(
        `${auditUrl}: audit chain intact (6 lines, head signed with CXONE_AUDIT_KEY)`,
      );
      expect(result.out).to.contain(
        `${auditUrl}: the state names 2 audit lines; 2 in the chain, 0 spooled`,
      );
    }
  });

  it("keeps an up's lines in the operator's spool; another operator's verify --stack reports them spooled, exit 3, not tampering", async () => {
    const ids = await spooledUp("45");
    const other = await verify(alice(), "prod");
    expect(other.code, other.out).to.equal(3);
    expect(other.out).to.not.contain("cut off");
    for (const id of ids)
      expect(other.out).to.match(
        new RegExp(
          `names a line spooled, not yet in the sink \\(spool:${id}\\): it waits in the spool of the machine that ran that step`,
        ),
      );
    expect(other.out).to.contain(
      `${auditUrl}: audit chain intact (${chainLength} lines, head signed with CXONE_AUDIT_KEY)`,
    );
    const own = await verify(bob(), "prod");
    expect(own.code, own.out).to.equal(3);
    expect(own.out).to.contain(
      `${auditUrl}: 2 lines are still spooled in ${bob().spool}, not yet in the chain: the next pulumi preview, up, refresh or destroy here that reaches the sink writes them`,
    );
    // A no-op up (check and diff only) writes them.
    const up = await stacks.prod.run(["up", "--yes", "--expect-no-changes"]);
    await flushed(ids, up.output);
  });

  it("a refresh writes what the spool holds", async () => {
    const ids = await spooledUp("50");
    const refresh = await stacks.prod.run(["refresh", "--yes", "--expect-no-changes"]);
    await flushed(ids, refresh.output);
  });

  it("a preview writes what the spool holds: the audit sink is not the tenant", async () => {
    const ids = await spooledUp("30");
    const requests = sim.requests.filter((r) => r.method !== "GET").length;
    const preview = await stacks.prod.run(["preview", "--expect-no-changes"]);
    expect(sim.requests.filter((r) => r.method !== "GET").length).to.equal(requests);
    await flushed(ids, preview.output);
  });

  it("destroys every stack at once, gives each widget back byte for byte, and records each removal once", async () => {
    const destroys: CliResult[] = await Promise.all(
      allStacks().map(([, stack]) => stack.run(["destroy", "--yes"])),
    );
    for (const destroy of destroys)
      expect(resourceSummary(destroy.stdout)).to.deep.equal(["- 3 deleted"]);
    for (const id of Object.values(WIDGETS)) expect(widgetJson(id), id).to.equal(pristine[id]);
    const removed = waf.deliveries.filter((d) => d.type === "webchat_security_policy_removed");
    expect(removed).to.have.length(3);
    const links = await chain();
    // 6 creates, 3 updates of prod's two resources while the sink was away, 6 deletes.
    expect(checkChain(links, { key: auditKey })).to.deep.include({ lines: 18, headSigned: true });
    const deletes = parsed(links).filter((l) => l.action === "delete");
    expect(deletes.map((l) => [l.resource, l.widgetId, l.outcome]).sort()).to.deep.equal(
      Object.values(WIDGETS)
        .flatMap((id) => [
          ["WafWebhook", id, "success"],
          ["WebchatSecurityPolicy", id, "success"],
        ])
        .sort(),
    );
  });

  it("writes no secret to the backend, the audit sink or any output", () => {
    const texts = [
      ...walk(s3.server.path("pulumi-state")).map((f) => readFileSync(f, "utf8")),
      ...walk(s3.server.path("team-audit")).map((f) => readFileSync(f, "utf8")),
      ...operators.flatMap((o) => o.project.transcript),
    ].join("\n");
    for (const secret of [DEMO_CREDENTIALS.clientSecret, signingSecret.slice(6), auditKey])
      expect(texts).to.not.contain(secret);
  });
});
