import { expect } from "chai";
import { ESLint } from "eslint";
import { REPO_ROOT } from "../../scripts/pulumi-project";

/** The rule that keeps process state in the ProviderContext, run on samples as on a provider file. */
describe("the no-module-state lint rule", function () {
  this.timeout(60_000);
  const lint = async (code: string) => {
    const [result] = await new ESLint({ cwd: REPO_ROOT }).lintText(code, {
      filePath: `${REPO_ROOT}/provider/sample.ts`,
    });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === "no-restricted-syntax")
      .map((m) => m.message);
  };

  it("refuses a module-level let, Map or Set in provider/", async () => {
    for (const code of [
      "export let counter = 0;\n",
      "let cache: string | undefined;\nexport const read = () => cache;\n",
      "const seen = new Map<string, number>();\nexport const size = () => seen.size;\n",
      "export const ids = new Set<string>();\n",
    ])
      expect(await lint(code), code).to.have.length(1);
  });

  it("allows constant tables declared read-only, and state inside classes", async () => {
    for (const code of [
      "export const CODES: ReadonlySet<string> = new Set(['a']);\n",
      "export const NAMES: ReadonlyMap<number, string> = new Map([[1, 'a']]);\n",
      "export class Cache {\n  private readonly seen = new Map<string, number>();\n  size(): number {\n    return this.seen.size;\n  }\n}\n",
    ])
      expect(await lint(code), code).to.deep.equal([]);
  });
});
