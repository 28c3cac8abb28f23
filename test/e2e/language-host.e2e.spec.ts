import { expect } from "chai";
import { type StackCli } from "../../scripts/pulumi-project";
import { useE2eWorld } from "./e2e-world";

/**
 * The CLI (v3.248) runs `runtime: nodejs` projects through a language host built from the
 * sdk/v3@v3.68.0 module, which predates some of the engine's calls. The README lists them and
 * what the engine does instead; these tests would catch that changing.
 */
describe("the Node.js language host beside the CLI", function () {
  this.timeout(180_000);
  const world = useE2eWorld();
  let dev: StackCli;

  it("is the one pulumi about reports, beside the CLI, with no PATH warning", async () => {
    dev = await world.stack("quickstart", "dev");
    const about = await dev.run(["about"]);
    expect(about.stdout).to.match(/^language\s+nodejs\s+3\.68\.0$/m);
    expect(about.stdout).to.contain("This project is written in nodejs");
    expect(about.stdout).to.match(/^Version\s+3\.248\.\d+$/m);
    // It looks for the lockfile beside main, which is under dist/ here (see the README).
    expect(about.output).to.contain(
      "Failed to get information about the Pulumi program's dependencies: could not find either yarn.lock or package-lock.json",
    );
    await dev.run(["preview"]);
    expect(world.transcript()).to.not.contain("from $PATH");
  });

  it("lacks GetRequiredPackages and Cancel, which the engine replaces by GetRequiredPlugins and skips", async () => {
    const preview = await dev.run(["preview", "--logtostderr", "-v=7"]);
    const log = preview.stderr;
    expect(log).to.match(
      /GetRequiredPackages\([^)]*\) failed: err=unknown method GetRequiredPackages/,
    );
    expect(log).to.match(/GetRequiredPlugins\([^)]*\) success/);
    expect(log).to.contain("Cancel() not implemented by language runtime, skipping");
    expect(log).to.match(/langhost\[nodejs\]\.Run\([^)]*\) success: progerr=,/);
  });
});
