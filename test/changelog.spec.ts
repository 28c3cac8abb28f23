import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../scripts/pulumi-project";

const changelog = readFileSync(join(REPO_ROOT, "CHANGELOG.md"), "utf8");
const versionOf = (dir: string) =>
  (JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as { version: string })
    .version;

/** The release headings, `## [0.2.0] - 2026-12-04`, newest first, and Unreleased. */
function releases(): Array<{ version: string; date?: string }> {
  return [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\S+))?$/gm)].map((m) => ({
    version: m[1] ?? "",
    ...(m[2] === undefined ? {} : { date: m[2] }),
  }));
}

/** 1 when `a` is the later version, -1 when `b` is, 0 when they are one. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let k = 0; k < 3; k++) {
    const d = (x?.[k] ?? 0) - (y?.[k] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

describe("CHANGELOG.md", () => {
  it("names package.json's version as its newest release, below Unreleased", () => {
    const [unreleased, newest] = releases();
    expect(unreleased).to.deep.equal({ version: "Unreleased" });
    expect(newest?.version).to.equal(versionOf("."));
    // The guardrails package is released with the provider.
    expect(versionOf("policy-pack")).to.equal(versionOf("."));
  });

  it("lists releases newest first, each with a date and a section of changes", () => {
    const released = releases().slice(1);
    expect(released.map((r) => r.version)).to.include("0.1.0");
    for (const release of released) {
      expect(release.version, "a semver version").to.match(/^\d+\.\d+\.\d+$/);
      expect(release.date, release.version).to.match(/^\d{4}-\d{2}-\d{2}$/);
      const body = changelog.split(`## [${release.version}]`)[1]?.split(/^## /m)[0] ?? "";
      expect(body, release.version).to.match(
        /^### (Added|Changed|Deprecated|Removed|Fixed|Security)$/m,
      );
    }
    for (let i = 1; i < released.length; i++) {
      const newer = released[i - 1] ?? { version: "" };
      const older = released[i] ?? { version: "" };
      expect(compareVersions(newer.version, older.version), "newest first").to.equal(1);
      expect((newer.date ?? "") >= (older.date ?? ""), "dates newest first").to.equal(true);
    }
  });

  it("states when the minor version changes: with the state format or the public API", () => {
    expect(changelog).to.match(
      /\*\*the minor version\*\* \(0\.1 to 0\.2\) changes when the \*\*state format\*\*/,
    );
    expect(changelog).to.contain("or the **public API** does");
  });
});
