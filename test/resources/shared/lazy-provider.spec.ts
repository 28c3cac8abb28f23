import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import sinon from "sinon";
import { lazyProvider } from "../../../provider/resources/shared/lazy-provider";
import { useTempDir } from "../../helpers/temp-dir";

describe("lazyProvider", () => {
  const project = useTempDir("lazy-provider-");
  const sandbox = sinon.createSandbox();
  afterEach(() => sandbox.restore());

  it("loads the copy of the package installed in the project, so that upgrades reach existing resources", async () => {
    const runtime = join(
      project.path,
      "node_modules",
      "pulumi-cxone-webchat",
      "dist",
      "provider",
      "resources",
    );
    mkdirSync(runtime, { recursive: true });
    writeFileSync(
      join(project.path, "node_modules", "pulumi-cxone-webchat", "package.json"),
      JSON.stringify({ name: "pulumi-cxone-webchat", exports: { "./dist/*": "./dist/*" } }),
    );
    writeFileSync(
      join(runtime, "runtime.js"),
      `exports.providerFor = (kind) => ({ check: async () => ({ inputs: { servedBy: "installed copy", kind } }) });`,
    );
    sandbox.stub(process, "cwd").returns(project.path);
    expect(await lazyProvider("WafWebhook").check?.({}, {})).to.deep.equal({
      inputs: { servedBy: "installed copy", kind: "WafWebhook" },
    });
  });

  it("is one object per kind, so that the SDK serializes it once per program, not once per resource", () => {
    expect(lazyProvider("WafWebhook")).to.equal(lazyProvider("WafWebhook"));
    expect(lazyProvider("WafWebhook")).to.not.equal(lazyProvider("WebchatSecurityPolicy"));
  });

  it("falls back to the module the program loaded when the project has no installed copy", async () => {
    sandbox.stub(process, "cwd").returns(project.path);
    const result = await lazyProvider("WafWebhook").check?.({}, { url: "ftp://x" });
    expect(result?.failures?.map((f) => f.reason.split(":")[0])).to.include("url");
  });
});
