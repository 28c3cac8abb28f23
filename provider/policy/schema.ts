import { z } from "zod";
import {
  MAX_CORS_ORIGINS,
  MAX_PATTERN_LENGTH,
  MAX_URL_LENGTH,
  MAX_RULES,
  MAX_RULE_ID_LENGTH,
  RULE_ACTIONS,
  RULE_ID_PATTERN,
  TOKEN_EXPIRY_MINUTES,
} from "./limits";

/**
 * The structure of a policy. Each message states the rule; the validator prefixes it with the
 * offending value. Rules that span several fields (duplicates, redirect targets, origins, XSS)
 * live in `validate.ts`, which can report them all at once.
 */
const ruleSchema = z.strictObject(
  {
    id: z
      .string({ error: "must be a string" })
      .min(1, { error: "must not be empty" })
      .max(MAX_RULE_ID_LENGTH, { error: `must be at most ${MAX_RULE_ID_LENGTH} characters` })
      .regex(RULE_ID_PATTERN, { error: "may contain only letters, digits, _ and -" }),
    action: z.enum(RULE_ACTIONS, { error: `must be one of ${RULE_ACTIONS.join(", ")}` }),
    pattern: z
      .string({ error: "must be a string" })
      .min(1, { error: "must not be empty" })
      .max(MAX_PATTERN_LENGTH, { error: `must be at most ${MAX_PATTERN_LENGTH} characters` }),
    redirectUrl: z
      .string({ error: "must be a string" })
      .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` })
      .optional(),
  },
  { error: "must be an object with id, action and pattern" },
);

const authenticationSchema = z.strictObject(
  {
    requireToken: z.boolean({ error: "must be true or false" }),
    tokenExpiryMinutes: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number of minutes" })
      .min(TOKEN_EXPIRY_MINUTES.min, {
        error: `must be from ${TOKEN_EXPIRY_MINUTES.min} to ${TOKEN_EXPIRY_MINUTES.max} minutes`,
      })
      .max(TOKEN_EXPIRY_MINUTES.max, {
        error: `must be from ${TOKEN_EXPIRY_MINUTES.min} to ${TOKEN_EXPIRY_MINUTES.max} minutes`,
      })
      .optional(),
  },
  { error: "must be an object with requireToken and tokenExpiryMinutes" },
);

/** The policy as an author writes it: optional parts may be left out. */
export const policyInputSchema = z.strictObject(
  {
    corsOrigins: z
      .array(
        z
          .string({ error: "must be a string" })
          .max(MAX_URL_LENGTH, { error: `must be at most ${MAX_URL_LENGTH} characters` }),
        { error: "must be a list of origins" },
      )
      .min(1, { error: "must list at least one origin" })
      .max(MAX_CORS_ORIGINS, { error: `must list at most ${MAX_CORS_ORIGINS} origins` }),
    authentication: authenticationSchema,
    rules: z
      .array(ruleSchema, { error: "must be a list of rules" })
      .max(MAX_RULES, { error: `must have at most ${MAX_RULES} rules` })
      .optional(),
    allowInsecureOrigins: z.boolean({ error: "must be true or false" }).optional(),
  },
  { error: "must be an object" },
);

/** The policy as an author writes it. */
export type PolicyInput = z.infer<typeof policyInputSchema>;

/**
 * A normalized policy: every part present, origins in normal form and sorted. This is what is
 * stored under `settings.securityPolicies`, kept in Pulumi state and digested.
 */
export const securityPolicySchema = policyInputSchema.extend({
  rules: policyInputSchema.shape.rules.unwrap(),
  allowInsecureOrigins: z.boolean(),
});

/** A normalized policy; see {@link securityPolicySchema}. */
export type SecurityPolicy = z.infer<typeof securityPolicySchema>;

/** One rule of a normalized policy. */
export type Rule = SecurityPolicy["rules"][number];
