import { accessSync, constants, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { Policy, PolicyConfigSchema } from "@pulumi/policy";
import { parse as parseYaml } from "yaml";
import { readConfig } from "../../policy-pack/config";
import { GUARDRAIL_POLICIES, PACK_NAME } from "../../policy-pack/policies";
import { allowRuleLimitConfig } from "../../policy-pack/guardrails/allow-rule-limit";
import { originDomainsConfig } from "../../policy-pack/guardrails/origin-domains";
import { productionTokenAuthConfig } from "../../policy-pack/guardrails/production-token-auth";
import { secureOriginsConfig } from "../../policy-pack/guardrails/secure-origins";
import { REPO_ROOT } from "../../scripts/pulumi-project";

const PACK_DIR = join(REPO_ROOT, "policy-pack");
const policies = GUARDRAIL_POLICIES as Array<Policy & { configSchema?: PolicyConfigSchema }>;
const guardrails = readFileSync(join(REPO_ROOT, "docs", "guardrails.md"), "utf8");
const json = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

/** The Guardrails guide's table (docs/guardrails.md): policy name to its level and config-keys cells. */
function readmeTable(): Map<string, { level: string; keys: string }> {
  const rows = new Map<string, { level: string; keys: string }>();
  for (const line of guardrails.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const name = /^`(webchat-[a-z-]+)`$/.exec(cells[1] ?? "")?.[1];
    if (name !== undefined) rows.set(name, { level: cells[2] ?? "", keys: cells[3] ?? "" });
  }
  return rows;
}

describe("policy-pack policies", () => {
  it("has one policy per rule, each with a unique name and a description", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names).to.have.length(6);
    for (const p of policies) expect(p.description, p.name).to.match(/^[A-Z].*\.$/);
    expect(PACK_NAME).to.match(/^[a-zA-Z0-9-_.]{1,100}$/);
  });

  it("are the guardrails guide's table: each policy, its default level, and each config key with its default", () => {
    const table = readmeTable();
    expect([...table.keys()]).to.deep.equal(policies.map((p) => p.name));
    for (const p of policies) {
      const row = table.get(p.name);
      expect(row?.level, p.name).to.equal(p.enforcementLevel);
      const keys = Object.entries(p.configSchema?.properties ?? {});
      if (keys.length === 0) expect(row?.keys, p.name).to.equal("none");
      for (const [key, schema] of keys) {
        const value = typeof schema === "object" ? schema.default : undefined;
        const shown =
          typeof value === "number"
            ? String(value)
            : `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
        expect(row?.keys, `${p.name} ${key}`).to.contain(`\`${key}\` (${shown}`);
      }
    }
  });

  it("accept the example config, which docs/guardrails.md shows verbatim", () => {
    const example = readFileSync(join(PACK_DIR, "guardrails.example.json"), "utf8");
    expect(guardrails).to.contain("```json\n" + example + "```");
    const config = JSON.parse(example) as Record<string, unknown>;
    expect(Object.keys(config).sort()).to.deep.equal(policies.map((p) => p.name).sort());
    const schemas = {
      "webchat-production-token-auth": productionTokenAuthConfig,
      "webchat-origin-domains": originDomainsConfig,
      "webchat-secure-origins": secureOriginsConfig,
      "webchat-allow-rule-limit": allowRuleLimitConfig,
    };
    for (const [name, schema] of Object.entries(schemas)) {
      const { enforcementLevel: _level, ...keys } = config[name] as Record<string, unknown>;
      expect(() => readConfig(name, schema, keys), name).to.not.throw();
    }
  });
});

describe("policy-pack, a package of its own", () => {
  const provider = json(join(REPO_ROOT, "package.json"));
  const pack = json(join(PACK_DIR, "package.json")) as {
    version: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const minor = (version: unknown) => String(version).split(".").slice(0, 2).join(".");

  it("is released with the provider, and takes the provider of that minor version as its peer", () => {
    expect(minor(pack.version)).to.equal(minor(provider.version));
    // The limits and type tokens the rules apply come from the project's own provider.
    expect(pack.peerDependencies).to.deep.equal({
      "pulumi-cxone-webchat": `^${minor(provider.version)}.0`,
    });
    expect(pack.dependencies["@pulumi/policy"]).to.match(/^\^1\./);
    expect(guardrails, "the guide names the peer range").to.contain(
      `(\`^${minor(provider.version)}.0\`, the same minor version`,
    );
  });

  for (const [dir, runtime] of [
    [PACK_DIR, "nodejs"],
    [join(PACK_DIR, "shim"), "nodejsshim"],
  ] as const) {
    it(`${dir.slice(REPO_ROOT.length + 1)}: runtime ${runtime}, the pack's version, and main the built pack`, () => {
      const manifest = parseYaml(readFileSync(join(dir, "PulumiPolicy.yaml"), "utf8")) as {
        runtime: string;
      };
      expect(manifest.runtime).to.equal(runtime);
      // @pulumi/policy reports the version of the package.json in the pack's directory.
      expect(json(join(dir, "package.json")).version).to.equal(pack.version);
      expect(require.resolve(dir)).to.equal(join(PACK_DIR, "dist", "index.js"));
    });
  }

  it("shim: holds the executable analyzer plugin its runtime names", () => {
    accessSync(join(PACK_DIR, "shim", "pulumi-analyzer-policy-nodejsshim"), constants.X_OK);
  });
});
