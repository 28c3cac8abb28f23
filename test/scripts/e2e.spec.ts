import { expect } from "chai";
import { e2eSpecFiles, splitArgs } from "../../scripts/e2e";

const FILES = [
  "restore.e2e.spec.js",
  "restore.e2e.spec.js.map",
  "quickstart.e2e.spec.js",
  "e2e-world.js",
];

describe("scripts/e2e", () => {
  it("finds a file by its short name, its compiled name and its source path", () => {
    for (const name of [
      "restore",
      "restore.e2e.spec.js",
      "dist/test/e2e/restore.e2e.spec.js",
      "test/e2e/restore.e2e.spec.ts",
    ])
      expect(e2eSpecFiles([name], FILES)).to.deep.equal(["dist/test/e2e/restore.e2e.spec.js"]);
    expect(e2eSpecFiles(["quickstart", "restore"], FILES)).to.deep.equal([
      "dist/test/e2e/quickstart.e2e.spec.js",
      "dist/test/e2e/restore.e2e.spec.js",
    ]);
  });

  it("refuses a name with no file, and no name, listing the names there are", () => {
    expect(() => e2eSpecFiles(["restor"], FILES)).to.throw(
      '"restor" names no e2e file; the e2e files are: quickstart, restore',
    );
    expect(() => e2eSpecFiles(["e2e-world"], FILES)).to.throw(/names no e2e file/);
    expect(() => e2eSpecFiles([], FILES)).to.throw(
      "name at least one e2e file; the e2e files are: quickstart, restore",
    );
  });

  it("passes the words after the names on to mocha", () => {
    expect(splitArgs(["restore", "quickstart", "--grep", "refresh up"])).to.deep.equal({
      names: ["restore", "quickstart"],
      rest: ["--grep", "refresh up"],
    });
    expect(splitArgs(["restore"])).to.deep.equal({ names: ["restore"], rest: [] });
  });
});
