import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findXssVector, revealStages, VECTOR_FORMS } from "../../../provider/policy/xss";
import { expectAccepted, expectRejectedByValidator, FORMS, letterCases } from "./forms";

const DOC = join(__dirname, "..", "..", "..", "..", "docs", "policy-model.md");

/** The cells of a Markdown table row; a `|` inside a code span does not split a cell. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = "";
  let fence = "";
  for (let i = 1; i < row.length; i++) {
    const c = row[i] ?? "";
    if (c === "`") {
      let run = "";
      while (row[i] === "`") run += row[i++];
      i--;
      if (fence === "") fence = run;
      else if (fence === run) fence = "";
      cell += run;
    } else if (c === "|" && fence === "") {
      out.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  return out;
}

/** The code spans of a cell, as CommonMark reads them (one space each side stripped if both). */
function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/(`+)([\s\S]*?[^`])\1(?!`)/g)].map(([, , body = ""]) =>
    body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "" ? body.slice(1, -1) : body,
  );
}

interface ClassRow {
  readonly name: string;
  readonly anyCase: boolean;
  readonly rejected: string[];
  readonly notRejected: string[];
}

/** The rows of the class table in the script-injection part of the policy model. */
function classTable(): ClassRow[] {
  const lines = readFileSync(DOC, "utf8").split("\n");
  const start = lines.findIndex((l) => /^\| class +\| rule /.test(l));
  if (start < 0) throw new Error(`no class table in ${DOC}`);
  const header = cells(lines[start] ?? "");
  const column = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`the class table has no column "${name}"`);
    return i;
  };
  const [cls, kase, rejected, notRejected] = [
    column("class"),
    column("letter case"),
    column("rejected"),
    column("not rejected"),
  ];
  const rows: ClassRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const row = cells(line);
    rows.push({
      name: row[cls] ?? "",
      anyCase: row[kase] === "any",
      rejected: codeSpans(row[rejected] ?? ""),
      notRejected: codeSpans(row[notRejected] ?? ""),
    });
  }
  return rows;
}

describe("the script-injection class table of docs/policy-model.md", () => {
  const rows = classTable();

  it("has one row for each class of the check, and no other", () => {
    expect(rows.map((r) => r.name)).to.deep.equal(VECTOR_FORMS.map((r) => r.name));
  });

  it("gives examples on each side for every class but markup", () => {
    for (const row of rows) {
      expect(row.rejected.length, row.name).to.be.above(0);
      if (row.name !== "markup") expect(row.notRejected.length, row.name).to.be.above(0);
    }
  });

  for (const row of rows) {
    const rule = VECTOR_FORMS.find((r) => r.name === row.name);
    const spellings = (text: string) => (row.anyCase ? letterCases(text) : [text]);

    it(`${row.name}: the class's own rule rejects each "rejected" example in every form${row.anyCase ? " and letter case" : ""}`, () => {
      for (const example of row.rejected) {
        for (const spelling of spellings(example)) {
          for (const [form, write] of FORMS) {
            const pattern = write(spelling);
            const byOwnRule = revealStages(pattern).some((s) => rule?.find(s) !== undefined);
            expect(byOwnRule, `${row.name} misses ${JSON.stringify(pattern)} (${form})`).to.equal(
              true,
            );
            expectRejectedByValidator(pattern);
          }
        }
      }
    });

    it(`${row.name}: accepts each "not rejected" example in every form${row.anyCase ? " and letter case" : ""}`, () => {
      for (const example of row.notRejected) {
        for (const spelling of spellings(example)) {
          for (const [form, write] of FORMS) {
            const pattern = write(spelling);
            expect(findXssVector(pattern), `${JSON.stringify(pattern)} (${form})`).to.equal(
              undefined,
            );
            expectAccepted(pattern);
          }
        }
      }
    });
  }
});
