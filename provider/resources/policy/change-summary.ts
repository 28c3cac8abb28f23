import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "../../dynamic/properties";
import { describeValue } from "../../policy/describe-value";
import type { Rule } from "../../policy/schema";

/**
 * The lists whose changes the summary states instead of the engine's display, which shows every
 * element of a dynamic resource's lists, changed or not. The resource hides them (`hideDiffs`),
 * and the provider prints one line per rule or origin that changed: `check` for a preview or an
 * up, `read` for a refresh.
 */
export const SUMMARIZED_PROPERTIES = ["corsOrigins", "rules"] as const;

const isRule = (value: unknown): value is Rule =>
  typeof value === "object" && value !== null && typeof (value as Rule).id === "string";

function rulesOf(value: unknown): Rule[] {
  return Array.isArray(value) ? value.filter(isRule) : [];
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** One rule in a line: `"block-admin" (block /admin/*)`. */
function ruleLine(rule: Rule): string {
  const target = rule.redirectUrl === undefined ? "" : ` -> ${rule.redirectUrl}`;
  return `${JSON.stringify(rule.id)} (${rule.action} ${describeValue(rule.pattern)}${target})`;
}

/**
 * Pure: what changed in the policy's origins and rules, one line each, by rule id rather than by
 * position, so that inserting a rule reads as one addition and not as fifty changes:
 * `+ corsOrigins: "https://new.example"`, `~ rules[20] "r20": pattern "/a" => "/b"`,
 * `~ rules: "r3" now evaluated at [4], was [3]`. Empty when neither list changed.
 *
 * It reads in one direction, the engine's own: from what the state held (`oldSide`) to what is
 * now true, which is the program's policy at preview and up, and the live one at refresh. `+` is
 * what `newSide` has and `oldSide` had not; a side that is no object has neither list. A list not known yet (preview, when it comes from another
 * resource's output) is one line, `~ corsOrigins: [unknown]`, as the engine shows such values.
 */
export function summarizePolicyChange(oldSide: unknown, newSide: unknown): string[] {
  const [olds, news] = [fieldsOf(oldSide), fieldsOf(newSide)];
  const lines: string[] = [];
  if (containsUnknown(news.corsOrigins)) lines.push("~ corsOrigins: [unknown]");
  else lines.push(...originLines(stringsOf(olds.corsOrigins), stringsOf(news.corsOrigins)));
  if (containsUnknown(news.rules)) lines.push("~ rules: [unknown]");
  else lines.push(...ruleLines(rulesOf(olds.rules), rulesOf(news.rules)));
  return lines;
}

/** A side's fields; a side that is no object (a live policy of `null`) has none. */
function fieldsOf(side: unknown): Record<string, unknown> {
  return typeof side === "object" && side !== null && !Array.isArray(side)
    ? (side as Record<string, unknown>)
    : {};
}

function originLines(oldOrigins: string[], newOrigins: string[]): string[] {
  const lines: string[] = [];
  for (const origin of newOrigins)
    if (!oldOrigins.includes(origin)) lines.push(`+ corsOrigins: ${JSON.stringify(origin)}`);
  for (const origin of oldOrigins)
    if (!newOrigins.includes(origin)) lines.push(`- corsOrigins: ${JSON.stringify(origin)}`);
  return lines;
}

function ruleLines(oldRules: Rule[], newRules: Rule[]): string[] {
  const lines: string[] = [];
  const oldById = new Map(oldRules.map((rule, index) => [rule.id, { rule, index }]));
  const newIds = new Set(newRules.map((rule) => rule.id));
  newRules.forEach((rule, index) => {
    const before = oldById.get(rule.id);
    if (before === undefined) {
      lines.push(`+ rules[${index}] ${ruleLine(rule)}`);
      return;
    }
    for (const field of ["action", "pattern", "redirectUrl"] as const) {
      if (!isDeepStrictEqual(before.rule[field], rule[field]))
        lines.push(
          `~ rules[${index}] ${JSON.stringify(rule.id)}: ${field} ${describeValue(before.rule[field])} => ${describeValue(rule[field])}`,
        );
    }
  });
  for (const { rule, index } of oldById.values())
    if (!newIds.has(rule.id)) lines.push(`- rules[${index}] ${ruleLine(rule)}`);
  // Order matters (rules are evaluated in order): say which kept rules changed places.
  const keptOld = oldRules.filter((rule) => newIds.has(rule.id)).map((rule) => rule.id);
  const keptNew = newRules.filter((rule) => oldById.has(rule.id)).map((rule) => rule.id);
  keptNew.forEach((id, position) => {
    if (keptOld[position] !== id)
      lines.push(
        `~ rules: ${JSON.stringify(id)} now evaluated at [${newRules.findIndex((r) => r.id === id)}], was [${oldById.get(id)?.index ?? -1}]`,
      );
  });
  return lines;
}
