import { isDeepStrictEqual } from "node:util";
import { describeValue } from "../../policy/describe-value";
import type { Rule } from "../../policy/schema";

/**
 * The lists whose changes the summary states, instead of the engine's display. Pulumi shows a
 * dynamic resource's change with every element of every list, changed or not (a dynamic provider
 * cannot send a detailed diff), so a one-character change in a 50-rule policy printed 20 KB in
 * `preview --diff`. The resource hides these two from that display (`hideDiffs`), and `diff`
 * prints this summary, one line per rule or origin that changed.
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
 * `~ rules: "r3" moves from [3] to [4]`. Empty when neither list changed.
 */
export function summarizePolicyChange(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): string[] {
  const lines: string[] = [];
  const oldOrigins = stringsOf(olds.corsOrigins);
  const newOrigins = stringsOf(news.corsOrigins);
  for (const origin of newOrigins)
    if (!oldOrigins.includes(origin)) lines.push(`+ corsOrigins: ${JSON.stringify(origin)}`);
  for (const origin of oldOrigins)
    if (!newOrigins.includes(origin)) lines.push(`- corsOrigins: ${JSON.stringify(origin)}`);

  const oldRules = rulesOf(olds.rules);
  const newRules = rulesOf(news.rules);
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
