import { z } from "zod";
import { webchatGuardrail, type Verdict } from "../guardrail";
import { readProperty, rulesProperty, type Rule } from "../resource-types";

/**
 * True when a log rule with `logPattern` records the requests an allow rule with `allowPattern`
 * lets through: the same pattern, or a pattern with one `*`, at its end, whose prefix starts the
 * allow rule's pattern (`/*` covers `/api/*`; `/api*` covers `/api/v1`). Pure.
 */
export function logCovers(logPattern: string, allowPattern: string): boolean {
  if (logPattern === allowPattern) return true;
  const prefix = logPattern.slice(0, -1);
  return logPattern.endsWith("*") && !/[*?]/.test(prefix) && allowPattern.startsWith(prefix);
}

/** One violation per allow rule that no log rule covers. Pure. */
export function unloggedAllowViolations(rules: readonly Rule[]): string[] {
  const logPatterns = rules.filter((r) => r.action === "log").map((r) => r.pattern);
  return rules.flatMap((rule, i) => {
    if (rule.action !== "allow" || logPatterns.some((p) => logCovers(p, rule.pattern))) return [];
    return [
      `rules[${i}] (id "${rule.id}", pattern "${rule.pattern}") allows requests that no log ` +
        `rule records. Add a log rule beside it: { action: "log", pattern: "${rule.pattern}" } ` +
        `(or a pattern ending in "*" that covers it).`,
    ];
  });
}

/**
 * `log` beside every `allow`, where the config enables it: what a WAF lets through is what an
 * incident review needs to see.
 */
export const allowRuleLogging = webchatGuardrail({
  name: "webchat-allow-rule-logging",
  description:
    "Every allow rule has a log rule beside it, with the same pattern or one covering it.",
  enforcementLevel: "advisory",
  config: z.object({}),
  check: (resource): Verdict => {
    const rules = readProperty(resource.props, "rules", rulesProperty);
    if (rules.kind === "malformed")
      return { violations: [`${rules.problem}; expected a list of rules.`] };
    return { violations: unloggedAllowViolations(rules.kind === "value" ? rules.value : []) };
  },
});
