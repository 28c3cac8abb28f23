import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-project";

/** One row of an examples table in the docs: a field or key, a value, and what must happen. */
export interface DocExample {
  /** The field path (`rules[0].pattern`) or the setting (`cxone:baseUrl`), without backticks. */
  readonly field: string;
  /** The value cell as written, for test names. */
  readonly text: string;
  /** True for `yes`; false for `no: ...`. */
  readonly accepted: boolean;
  /** For a refused value: the words its message must contain. */
  readonly says: string;
}

/**
 * The rows of the first table after `heading` in a docs file, each a list of cells with `\|`
 * unescaped. Throws when the heading or the table is missing, so that a renamed section fails
 * the tests rather than leaving them with nothing to check.
 */
export function docsTable(file: string, heading: string): string[][] {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  const start = text.split("\n").findIndex((line) => line.replace(/^#+\s*/, "") === heading);
  if (start < 0) throw new Error(`${file} has no heading "${heading}"`);
  const rows: string[][] = [];
  for (const line of text.split("\n").slice(start + 1)) {
    if (!line.startsWith("|")) {
      if (rows.length > 0) break;
      continue;
    }
    const cells = line
      .slice(1, line.trimEnd().endsWith("|") ? line.trimEnd().length - 1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, "|"));
    if (cells.every((cell) => /^-+$/.test(cell))) continue;
    rows.push(cells);
  }
  if (rows.length < 2) throw new Error(`${file} has no table after "${heading}"`);
  return rows.slice(1);
}

/** A table of `field | value | accepted` rows, as {@link DocExample}s. */
export function docExamples(file: string, heading: string): DocExample[] {
  return docsTable(file, heading).map(([field = "", value = "", accepted = ""]) => {
    const verdict = /^(yes|no: (.+))$/.exec(accepted);
    if (verdict === null) throw new Error(`${file}: "${accepted}" is neither "yes" nor "no: ..."`);
    return {
      field: unquote(field),
      text: value === "(empty)" ? "" : unquote(value),
      accepted: verdict[1] === "yes",
      says: verdict[2] ?? "",
    };
  });
}

function unquote(cell: string): string {
  return /^`(.*)`$/.exec(cell)?.[1] ?? cell;
}

/**
 * The value of a policy example: JSON, or `N × <json>`, a list of N copies with `<i>` replaced
 * by each index from 0.
 */
export function exampleValue(text: string): unknown {
  const repeated = /^(\d+) × (.+)$/.exec(text);
  if (repeated === null) return JSON.parse(text) as unknown;
  const [, count = "0", item = ""] = repeated;
  return Array.from({ length: Number(count) }, (_, i) => JSON.parse(item.replace(/<i>/g, `${i}`)));
}

/** The valid policy the docs' examples start from (docs/policy-model.md says which). */
export function examplesBasePolicy(): Record<string, unknown> {
  return {
    corsOrigins: ["https://base.example.com"],
    authentication: { requireToken: true, tokenExpiryMinutes: 30 },
    rules: [
      { id: "log-all", action: "log", pattern: "/*" },
      {
        id: "redirect-help",
        action: "redirect",
        pattern: "/help/*",
        redirectUrl: "https://www.example.com/help",
      },
    ],
  };
}

/** A copy of `target` with the value at `path` (`rules[0].pattern`, `corsOrigins`) replaced. */
export function withValueAt(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(target);
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "");
  let node: Record<string, unknown> = copy;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) node[key] = value;
    else node = node[key] as Record<string, unknown>;
  });
  return copy;
}
