import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";
import { z } from "zod";
import { useTempDir } from "../helpers/temp-dir";

const ROOT = join(__dirname, "..", "..", "..");
const DryRun = z.object({ tests: z.array(z.object({ file: z.string(), fullTitle: z.string() })) });

/**
 * The spec files and test titles an `npm run` command would run, from mocha's --dry-run (no
 * hook and no test body runs), through npm as a developer types it.
 */
function listed(dir: string, script: string, ...args: string[]) {
  const out = join(dir, `${script}-${args.length}.json`);
  const dryRun = ["--dry-run", "--reporter", "json", "--reporter-option", `output=${out}`];
  const run = spawnSync("npm", ["run", "--silent", script, "--", ...args, ...dryRun], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(run.status, `npm run ${script}: ${run.stderr}`).to.equal(0);
  const { tests } = DryRun.parse(JSON.parse(readFileSync(out, "utf8")));
  return {
    files: new Set(tests.map((t) => relative(ROOT, t.file))),
    titles: tests.map((t) => t.fullTitle),
  };
}

/** The `npm run` commands of the fast loop in docs/architecture.md, as words. */
function documentedCommands(): string[][] {
  const doc = readFileSync(join(ROOT, "docs", "architecture.md"), "utf8");
  const section = doc.split("## Checking a change")[1] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => (line.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, "")));
}

describe("the test sets of package.json", function () {
  // Each dry run loads every spec file of its set.
  this.timeout(300_000);
  const tmp = useTempDir("test-sets-");

  it("puts every spec outside test/e2e in the unit loop or the integration set, never both", () => {
    const unit = listed(tmp.path, "test:unit");
    const integration = listed(tmp.path, "test:integration");
    const all = readdirSync(join(ROOT, "dist", "test"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".spec.js") && !f.startsWith("e2e/"))
      .map((f) => join("dist", "test", f));
    for (const file of unit.files) {
      expect(file).to.not.match(/\.integration\.spec\.js$/);
      expect(integration.files.has(file), file).to.equal(false);
    }
    for (const file of integration.files) expect(file).to.match(/\.integration\.spec\.js$/);
    expect([...unit.files, ...integration.files].sort()).to.deep.equal(all.sort());
    expect(unit.files.size).to.be.greaterThan(50);
    expect(integration.files.size).to.be.greaterThan(3);
  });

  it("runs each command of the fast loop in docs/architecture.md as written", () => {
    const commands = documentedCommands();
    expect(commands.map((c) => c.slice(0, 3).join(" "))).to.include.members([
      "npm run test:unit",
      "npm run test:integration",
      "npm run e2e",
      "npm run test:e2e",
    ]);
    for (const words of commands) {
      const [npm, run, script = "", dashes, ...args] = words;
      expect([npm, run], words.join(" ")).to.deep.equal(["npm", "run"]);
      if (dashes !== undefined) expect(dashes).to.equal("--");
      const { files, titles } = listed(tmp.path, script, ...args);
      expect(titles.length, words.join(" ")).to.be.greaterThan(0);
      const grep = args.indexOf("--grep");
      if (grep !== -1) for (const title of titles) expect(title).to.contain(args[grep + 1]);
      if (script === "e2e") {
        const name = args[0] ?? "";
        expect([...files]).to.deep.equal([`dist/test/e2e/${name}.e2e.spec.js`]);
      }
    }
  });
});
