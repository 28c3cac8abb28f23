import { z } from "zod";
import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * A policy's config keys as a zod object: the one statement of their types, bounds and defaults.
 * The CLI checks `--policy-pack-config` against its JSON schema ({@link configSchemaOf}) and
 * fills in the defaults; {@link readConfig} parses what arrives with the same schema, so a policy
 * called without the CLI (a unit test) sees the same defaults.
 */
export type ConfigObject = z.ZodObject<z.ZodRawShape>;

/** The JSON schema of a policy's config keys, for the pack's metadata (`configSchema`). */
export function configSchemaOf(schema: ConfigObject): PolicyConfigSchema {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-7" });
  return { properties: (json.properties ?? {}) as PolicyConfigSchema["properties"] };
}

/**
 * A policy's config that the pack cannot use. The CLI reports it and the preview fails; the
 * library prints an error's stack, so this one has no frames: the message says it all.
 */
export class GuardrailsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GuardrailsConfigError";
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * Parses the config `raw` of the policy `policyName` with its schema (defaults filled in).
 * Throws a {@link GuardrailsConfigError} naming the policy, the key, the value and the rule.
 */
export function readConfig<S extends ConfigObject>(
  policyName: string,
  schema: S,
  raw: unknown,
): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const value = issue.path.reduce<unknown>(
      (at, part) => (typeof at === "object" && at !== null ? Reflect.get(at, part) : undefined),
      raw,
    );
    const key = issue.path.map(String).join(".") || "(the config)";
    return `${key}: ${JSON.stringify(value)}: ${issue.message}`;
  });
  throw new GuardrailsConfigError(
    `the config of policy "${policyName}" is not usable: ${problems.join("; ")}`,
  );
}

/**
 * A config key holding a regular expression matched against stack names: valid JavaScript
 * syntax is checked when the config is read, not when a stack first meets it.
 */
export function stackPatternKey(defaultPattern: string, description: string) {
  return z
    .string()
    .min(1)
    .refine((pattern) => regexProblem(pattern) === undefined, {
      error: (issue) => `not a regular expression: ${regexProblem(String(issue.input))}`,
    })
    .default(defaultPattern)
    .describe(description);
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
