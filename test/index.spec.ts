import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import * as api from "../provider";
import { REPO_ROOT } from "../scripts/pulumi-project";

/** The names after "Exported errors:" in the CHANGELOG's Unreleased section. */
function listedErrors(): string[] {
  const changelog = readFileSync(join(REPO_ROOT, "CHANGELOG.md"), "utf8");
  const unreleased = changelog.split("## [Unreleased]")[1]?.split(/^## /m)[0] ?? "";
  const list = /Exported errors:([^.]*)\./.exec(unreleased)?.[1] ?? "";
  return [...list.matchAll(/`(\w+)`/g)].map((m) => m[1] ?? "").sort();
}

describe("the package's exports", () => {
  it("hold exactly the errors the CHANGELOG lists as ones a program catches", () => {
    const exported = Object.entries(api)
      .filter(
        ([name, value]) =>
          typeof value === "function" &&
          (name.endsWith("Error") || (value as { prototype?: unknown }).prototype instanceof Error),
      )
      .map(([name]) => name)
      .sort();
    expect(listedErrors()).to.have.length.greaterThan(0);
    expect(exported).to.deep.equal(listedErrors());
  });
});
