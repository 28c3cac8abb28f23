import { MAX_RULES } from "pulumi-cxone-webchat";
import { z } from "zod";
import { webchatGuardrail, type Verdict } from "../guardrail";
import { readProperty, rulesProperty, type Rule } from "../resource-types";

/** The config keys of {@link allowRuleLimit}. */
export const allowRuleLimitConfig = z.object({
  maxAllowRules: z
    .number()
    .int()
    .min(0)
    .max(MAX_RULES)
    .default(5)
    .describe("The most allow rules a widget's policy may have"),
});

/** See {@link allowRuleLimitConfig}. */
export type AllowRuleLimitConfig = z.output<typeof allowRuleLimitConfig>;

/** The violation when `rules` has more allow rules than `maxAllowRules`. Pure. */
export function allowRuleLimitViolations(
  rules: readonly Rule[],
  config: AllowRuleLimitConfig,
): string[] {
  const allows = rules.filter((rule) => rule.action === "allow");
  if (allows.length <= config.maxAllowRules) return [];
  return [
    `rules has ${allows.length} allow rules (${allows.map((r) => `"${r.id}"`).join(", ")}); ` +
      `at most ${config.maxAllowRules} are allowed. Merge or remove allow rules until ` +
      `${config.maxAllowRules} or fewer remain.`,
  ];
}

/**
 * A cap on the number of `allow` rules: each one is an exception to the WAF's blocking, and a
 * long list of exceptions is one nobody reviews.
 */
export const allowRuleLimit = webchatGuardrail({
  name: "webchat-allow-rule-limit",
  description: "A widget's policy has at most maxAllowRules allow rules.",
  enforcementLevel: "mandatory",
  config: allowRuleLimitConfig,
  check: (resource, config): Verdict => {
    const rules = readProperty(resource.props, "rules", rulesProperty);
    if (rules.kind === "malformed")
      return { violations: [`${rules.problem}; expected a list of rules.`] };
    return {
      violations: allowRuleLimitViolations(rules.kind === "value" ? rules.value : [], config),
    };
  },
});
