import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-project";
import { docsTable } from "../helpers/docs-tables";

/** Every file the glossary binds: the code, the policy pack and the docs, but not the glossary. */
function boundFiles(): string[] {
  const files: string[] = [join(REPO_ROOT, "README.md")];
  const walk = (dir: string, extension: RegExp) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "node_modules" || name === "dist") continue;
      if (statSync(path).isDirectory()) walk(path, extension);
      else if (extension.test(name)) files.push(path);
    }
  };
  walk(join(REPO_ROOT, "provider"), /\.ts$/);
  walk(join(REPO_ROOT, "policy-pack"), /\.ts$/);
  walk(join(REPO_ROOT, "docs"), /\.md$/);
  return files.filter((file) => !file.endsWith(join("docs", "glossary.md")));
}

describe("the glossary (docs/glossary.md)", () => {
  const rows = docsTable("docs/glossary.md", "Glossary");

  it("defines each term once", () => {
    const terms = rows.map(([term]) => term);
    expect(terms.length).to.be.greaterThan(15);
    expect(new Set(terms).size).to.equal(terms.length);
  });

  const avoided = rows.flatMap(([term = "", , , not = ""]) =>
    not
      .split(",")
      .map((word) => word.trim())
      .filter((word) => word !== "")
      .map((word) => [term, word] as const),
  );

  it("names words to avoid", () => {
    expect(avoided.length).to.be.greaterThan(5);
  });

  const files = boundFiles();
  for (const [term, word] of avoided) {
    it(`"${word}" appears nowhere for ${term}`, () => {
      const pattern = new RegExp(`(?<![\\w-])${word.replace(/ /g, "[\\s-]+")}(?![\\w-])`, "i");
      const hits = files.flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, i) =>
            pattern.test(line) ? [`${relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
      expect(hits, `use "${term}" instead`).to.deep.equal([]);
    });
  }
});
