import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../scripts/pulumi-project";

const json = (file: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8"));

const pkg = json("package.json") as {
  scripts: Record<string, string>;
  exports: Record<string, { default?: string } | string>;
};
const typedoc = json("typedoc.json") as {
  entryPoints: string[];
  treatWarningsAsErrors?: boolean;
  treatValidationWarningsAsErrors?: boolean;
};

describe("the API reference (TypeDoc)", () => {
  it("documents every entry point of the package, and only those", () => {
    const sources = Object.values(pkg.exports)
      .map((target) => (typeof target === "string" ? undefined : target.default))
      .filter((file): file is string => file !== undefined)
      .map((file) => file.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"))
      .sort();
    expect(sources).to.deep.equal(["provider/index.ts", "provider/simulator/index.ts"]);
    expect([...typedoc.entryPoints].sort()).to.deep.equal(sources);
  });

  it("is built by npm test after the build, with every warning failing it", () => {
    expect(pkg.scripts["docs:api"]).to.equal("typedoc");
    expect(pkg.scripts.test).to.contain("npm run build && npm run docs:api && npm run test:unit");
    expect(typedoc.treatWarningsAsErrors).to.equal(true);
    expect(typedoc.treatValidationWarningsAsErrors).to.equal(true);
  });
});
