import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { dirSinkKind } from "../../provider/audit/local-dir-sink";
import type { CommandIo } from "../../provider/cli/command-tenant";
import { GUARDRAILS_INSTALL, GUARDRAILS_PACKAGE } from "../../provider/cli/guardrails";
import { parseFailOn, scanCommand } from "../../provider/cli/scan-command";
import type { ScanRow, ScanSummary } from "../../provider/inventory/scan-report";
import { policyDigest } from "../../provider/policy/digest";
import { parsePolicy } from "../../provider/policy/validate";
import { WEBCHAT_SECURITY_POLICY_TYPE } from "../../provider/resources/type-tokens";
import { cli, runBin, SECRET, tenantEnv, useTenant } from "../helpers/command-line";
import { requireWithout } from "../helpers/module-require";
import { fixtureWidget, mixedTenant, validPolicy } from "../helpers/tenant-fixture";
import { useTempDir } from "../helpers/temp-dir";

const tenant = mixedTenant(2);
/** A widget on the production stack that requires no token: a guardrail violation. */
const OPEN_PROD = {
  id: "wc-prod-open",
  claim: "shop/prod/policy-wc-prod-open",
  policy: { corsOrigins: ["https://shop.example.com"], authentication: { requireToken: false } },
};
const WIDGETS = [...tenant.widgets, fixtureWidget(OPEN_PROD.id, OPEN_PROD)];
const claimedDigest = policyDigest(parsePolicy(validPolicy(9999)));

interface ScanJson {
  tenant: string;
  guardrails: { checked: boolean; names?: string[]; install?: string };
  failOn: string[];
  widgets: ScanRow[];
  summary: ScanSummary;
  coverage: string;
}

/** An exported deployment of `shop/prod` recording `digest` for the claimed widget. */
function stateFile(path: string, digest: string): string {
  const urn = (name: string) => `urn:pulumi:prod::shop::${WEBCHAT_SECURITY_POLICY_TYPE}::${name}`;
  writeFileSync(
    path,
    JSON.stringify({
      version: 3,
      deployment: {
        resources: [
          {
            urn: "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod",
            type: "pulumi:pulumi:Stack",
          },
          {
            urn: urn("policy-wc-claimed"),
            type: WEBCHAT_SECURITY_POLICY_TYPE,
            outputs: { widgetId: tenant.claimed.id, policyDigest: digest },
          },
        ],
      },
    }),
  );
  return path;
}

describe("pulumi-cxone-webchat scan", () => {
  const dir = useTempDir("scan-");

  describe("a tenant with a list of widgets", () => {
    const t = useTenant({ widgets: WIDGETS });
    const env = () => tenantEnv(t.sim.url);
    const scanJson = async (args: string[] = []) => {
      const result = await cli(["scan", "--json", ...args], env(), dir.path);
      return { ...result, json: JSON.parse(result.stdout) as ScanJson };
    };

    it("prints a table of every widget, the stack that manages it, its findings and the coverage", async () => {
      const result = await cli(["scan"], env(), dir.path);
      expect(result.code).to.equal(1);
      const table = result.stdout;
      expect(table).to.match(/^WIDGET +MANAGED BY +DRIFT +VALIDATION +GUARDRAILS$/m);
      expect(table).to.match(/^wc-claimed +shop\/prod \(policy-wc-claimed\) +unknown +ok +ok$/m);
      expect(table).to.match(/^wc-0000 +- +unmanaged +ok +ok$/m);
      expect(table).to.match(/^wc-no-policy +- +unmanaged +no policy +ok$/m);
      expect(table).to.match(
        /^wc-invalid: corsOrigins\[0\]: "https:\/\/\*\.example\.com" contains a wildcard/m,
      );
      expect(table).to.match(
        /^wc-prod-open: webchat-production-token-auth \[mandatory\]: policy-wc-prod-open: authentication\.requireToken is false/m,
      );
      // Without --stack, a widget no stack manages is checked on "unmanaged": not production.
      expect(table).not.to.include("wc-invalid: webchat-production-token-auth");
      expect(table).to.include(
        "coverage: 2 of 6 widgets under code (33%), 0 in sync, 0 drifted, 2 not compared; 2 in violation; 1 without a policy",
      );
    });

    it("gives JSON for machines, one GET per widget", async () => {
      const { code, json } = await scanJson();
      expect(code).to.equal(1);
      expect(Object.keys(json)).to.deep.equal([
        "tenant",
        "guardrails",
        "failOn",
        "widgets",
        "summary",
        "coverage",
      ]);
      expect(json.tenant).to.equal(`tenant ${t.sim.url}`);
      expect(json.guardrails.checked).to.equal(true);
      expect(json.failOn).to.deep.equal(["drift", "violation"]);
      expect(json.widgets.map((w) => w.widgetId)).to.deep.equal(WIDGETS.map((w) => w.id).sort());
      const claimed = json.widgets.find((w) => w.widgetId === tenant.claimed.id);
      expect(claimed).to.deep.include({
        managedBy: { stack: "shop/prod", resource: "policy-wc-claimed" },
        drift: "unknown",
        liveDigest: claimedDigest,
        recorded: null,
        hasPolicy: true,
        validation: [],
        guardrails: [],
      });
      expect(json.summary.widgets).to.equal(6);
      const reads = t.sim.requests.filter(
        (r) => r.method === "GET" && r.path.startsWith("/api/v2/webchat/widgets/"),
      );
      expect(reads).to.have.length(6);
      // It only reads: a token, the list, the widgets.
      expect(
        t.sim.requests.filter((r) => r.method !== "GET" && r.path !== "/oauth/token"),
      ).to.deep.equal([]);
    });

    it("compares the live policy with the digest the stack's state records", async () => {
      const inSync = await scanJson([
        "--state",
        stateFile(join(dir.path, "prod.json"), claimedDigest),
        "--fail-on",
        "drift",
      ]);
      expect(inSync.code).to.equal(0);
      expect(inSync.json.widgets.find((w) => w.widgetId === tenant.claimed.id)).to.deep.include({
        drift: "in-sync",
        recorded: { digest: claimedDigest, source: "state of stack shop/prod" },
      });
      const drifted = await cli(
        [
          "scan",
          "--state",
          stateFile(join(dir.path, "old.json"), "f".repeat(64)),
          "--fail-on",
          "drift",
        ],
        env(),
        dir.path,
      );
      expect(drifted.code).to.equal(1);
      expect(drifted.stdout).to.include(
        `wc-claimed: drifted: live ${claimedDigest}, recorded ${"f".repeat(64)} (state of stack shop/prod)`,
      );
    });

    it("takes the recorded digest from the audit trail when no state is given", async () => {
      const trail = join(dir.path, "audit");
      const sink = dirSinkKind.open(trail, "test", { env: {} });
      const event = (digestAfter: string) => ({
        resource: "WebchatSecurityPolicy" as const,
        widgetId: tenant.claimed.id,
        action: "update" as const,
        digestBefore: null,
        digestAfter,
        latencyMs: 1,
        outcome: "success" as const,
        requestIds: [],
      });
      await sink.append(event("e".repeat(64)), { time: "2026-12-01T00:00:00Z" });
      await sink.append(event(claimedDigest), { time: "2026-12-02T00:00:00Z" });
      const { json } = await scanJson(["--audit", trail]);
      expect(json.widgets.find((w) => w.widgetId === tenant.claimed.id)).to.deep.include({
        drift: "in-sync",
        recorded: { digest: claimedDigest, source: "audit trail line 2" },
      });
    });

    it("runs the guardrails with the config file pulumi preview takes", async () => {
      const config = join(dir.path, "guardrails.json");
      writeFileSync(
        config,
        JSON.stringify({
          "webchat-production-token-auth": "disabled",
          "webchat-origin-domains": { allowedDomains: ["example.com"] },
          "webchat-waf-webhook": "mandatory",
        }),
      );
      const { json } = await scanJson(["--guardrails-config", "guardrails.json"]);
      const open = json.widgets.find((w) => w.widgetId === OPEN_PROD.id);
      expect(open?.guardrails).to.deep.equal([]);
      const bad = join(dir.path, "bad.json");
      writeFileSync(bad, JSON.stringify({ "webchat-no-such-rule": "advisory" }));
      const refused = await cli(["scan", "--guardrails-config", bad], env(), dir.path);
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.include(
        `--guardrails-config ${bad}: webchat-no-such-rule: the pack has no policy by that name`,
      );
    });

    it("fails only on what --fail-on names", async () => {
      expect((await cli(["scan", "--fail-on", "none"], env(), dir.path)).code).to.equal(0);
      expect((await cli(["scan", "--fail-on", "drift"], env(), dir.path)).code).to.equal(0);
      expect((await cli(["scan", "--fail-on", "unmanaged"], env(), dir.path)).code).to.equal(1);
      const wrong = await cli(["scan", "--fail-on", "drift,colour"], env(), dir.path);
      expect(wrong.code).to.equal(2);
      expect(wrong.stderr).to.include('"colour" is not one of drift, violation, unmanaged');
    });

    it("names unknown ids, and refuses a state that is not an export", async () => {
      const unknown = await cli(["scan", "--ids", "wc-0000,wc-nope"], env(), dir.path);
      expect(unknown.code).to.equal(2);
      expect(unknown.err).to.include(`widget wc-nope: not found on tenant ${t.sim.url}`);
      writeFileSync(join(dir.path, "x.json"), "{}");
      const state = await cli(["scan", "--state", "x.json"], env(), dir.path);
      expect(state.code).to.equal(2);
      expect(state.stderr).to.include(
        "--state x.json: cannot read the state: not the output of pulumi stack export",
      );
    });

    it("goes on without the guardrails pack, saying how to install it", async () => {
      const io = (out: string[], err: string[]): CommandIo => ({
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: env(),
        cwd: dir.path,
      });
      const load = requireWithout(`${GUARDRAILS_PACKAGE}/dist/policies`);
      const out: string[] = [];
      const err: string[] = [];
      expect(await scanCommand(["--fail-on", "drift"], io(out, err), { load })).to.equal(0);
      expect(err).to.include(
        `guardrails not checked: ${GUARDRAILS_PACKAGE} is not installed (install it with ${GUARDRAILS_INSTALL})`,
      );
      const asked: string[] = [];
      const code = await scanCommand(["--guardrails-config", "g.json"], io([], asked), { load });
      expect(code).to.equal(2);
      expect(asked.join("\n")).to.include(`install it in the project: ${GUARDRAILS_INSTALL}`);
    });

    it("shows no secret in any output, run as the bin", async () => {
      const result = await runBin(["scan", "--json"], env(), dir.path);
      expect(result.code).to.equal(1);
      expect((JSON.parse(result.stdout) as ScanJson).summary.widgets).to.equal(6);
      expect(result.stdout + result.stderr).not.to.include(SECRET);
      const refused = await cli(["scan"], tenantEnv(t.sim.url, "wrong-secret-value"), dir.path);
      expect(refused.code).to.equal(2);
      expect(refused.stderr).not.to.include("wrong-secret-value");
    });
  });

  describe("a tenant without a list of widgets (404)", () => {
    const t = useTenant({ widgets: WIDGETS, widgetList: "absent" });

    it("says to give ids, and scans the ids given", async () => {
      const none = await cli(["scan"], tenantEnv(t.sim.url), dir.path);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.include("the tenant has no list of widgets");
      const given = await cli(
        ["scan", "--ids", "wc-0001,wc-claimed"],
        tenantEnv(t.sim.url),
        dir.path,
      );
      expect(given.code).to.equal(0);
      expect(given.stdout).to.include("coverage: 1 of 2 widgets under code (50%)");
    });
  });
});

describe("parseFailOn", () => {
  it("defaults to drift and violation, and takes none for nothing", () => {
    expect(parseFailOn(undefined)).to.deep.equal(["drift", "violation"]);
    expect(parseFailOn("none")).to.deep.equal([]);
    expect(parseFailOn("unmanaged,drift")).to.deep.equal(["unmanaged", "drift"]);
  });
});
