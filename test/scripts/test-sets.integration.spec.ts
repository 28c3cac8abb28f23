import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";
import { z } from "zod";
import { useTempDir } from "../helpers/temp-dir";

const ROOT = join(__dirname, "..", "..", "..");
const DryRun = z.object({ tests: z.array(z.object({ file: z.string(), fullTitle: z.string() })) });

/**
 * The spec files and test titles a command of the docs would run, from mocha's --dry-run (no
 * hook and no test body runs), through npm as a developer types it.
 */
function listed(dir: string, script: string, ...args: string[]) {
  const out = join(dir, `${script}.json`);
  const run = spawnSync(
    "npm",
    [
      "run",
      "--silent",
      script,
      "--",
      ...args,
      "--dry-run",
      "--reporter",
      "json",
      "--reporter-option",
      `output=${out}`,
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  expect(run.status, `npm run ${script}: ${run.stderr}`).to.equal(0);
  const { tests } = DryRun.parse(JSON.parse(readFileSync(out, "utf8")));
  return {
    files: new Set(tests.map((t) => relative(ROOT, t.file))),
    titles: tests.map((t) => t.fullTitle),
  };
}

describe("the test sets of package.json", function () {
  // Each dry run loads every spec file of its set.
  this.timeout(180_000);
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

  it("runs one end-to-end file by name with `npm run e2e -- <name>`", () => {
    const one = listed(tmp.path, "e2e", "auth-modes");
    expect([...one.files]).to.deep.equal(["dist/test/e2e/auth-modes.e2e.spec.js"]);
    expect(one.titles.length).to.be.greaterThan(0);
    const grepped = listed(tmp.path, "e2e", "auth-modes", "--grep", "tenant id");
    expect(grepped.titles).to.have.length(1);
  });
});
