import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { appendAudit } from "../../provider/audit/audit-log";
import { run } from "../../provider/cli/main";
import { checkPolicyInputs } from "../../provider/resources/policy/check";
import { useTempDir } from "../helpers/temp-dir";

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

describe("pulumi-cxone-webchat command line", () => {
  const dir = useTempDir("cli-");

  it("validate accepts a valid YAML policy and prints its digest", () => {
    const file = join(dir.path, "policy.yaml");
    writeFileSync(
      file,
      "corsOrigins:\n  - https://shop.example.com\nauthentication:\n  requireToken: false\n",
    );
    const result = cli(["validate", file]);
    expect(result.code).to.equal(0);
    expect(result.out[0]).to.match(/valid; policyDigest [0-9a-f]{64}$/);
  });

  it("validate exits 1 with the same messages as pulumi preview", () => {
    const resource = {
      widgetId: "w",
      corsOrigins: ["http://evil.example"],
      authentication: { requireToken: true },
      rules: [{ id: "a", action: "block", pattern: "x<y" }],
    };
    const file = join(dir.path, "policy.json");
    writeFileSync(file, JSON.stringify(resource));
    const result = cli(["validate", file]);
    expect(result.code).to.equal(1);
    const expected = checkPolicyInputs(resource).failures.map(
      (f) => `${file}: ${f.path}: ${f.reason}`,
    );
    expect(result.err.slice(0, -1)).to.deep.equal(expected);
    expect(result.err.at(-1)).to.equal("3 problems");
  });

  it("validate exits 2 on a file it cannot parse", () => {
    const file = join(dir.path, "broken.json");
    writeFileSync(file, "{");
    expect(cli(["validate", file]).code).to.equal(2);
  });

  it("audit verify reports an intact chain, then the first broken line", async () => {
    for (let i = 0; i < 3; i++) {
      await appendAudit(dir.path, {
        resource: "WafWebhook",
        widgetId: "w",
        action: "create",
        digestBefore: null,
        digestAfter: null,
        latencyMs: i,
        outcome: "success",
        requestIds: [],
      });
    }
    expect(cli(["audit", "verify", dir.path])).to.deep.include({
      code: 0,
      out: [`${dir.path}: audit chain intact (3 lines)`],
    });
    const file = join(dir.path, "audit.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    lines[0] = lines[0]?.replace('"latencyMs":0', '"latencyMs":7') ?? "";
    writeFileSync(file, lines.join("\n"));
    const broken = cli(["audit", "verify", dir.path]);
    expect(broken.code).to.equal(1);
    expect(broken.err[0]).to.match(/broken at line 1: its content does not match its hash/);
  });

  it("prints usage and exits 2 for an unknown command", () => {
    expect(cli(["frobnicate"]).code).to.equal(2);
  });
});
