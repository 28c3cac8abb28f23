import { TOKEN_EXPIRY_MINUTES } from "pulumi-cxone-webchat";
import { z } from "zod";
import { stackPatternKey } from "../config";
import { webchatGuardrail, type Verdict } from "../guardrail";
import { authenticationProperty, readProperty, type PropertyRead } from "../resource-types";

// Within the provider's own bounds for tokenExpiryMinutes: a bound it refuses would never be met.
const minutes = (fallback: number, description: string) =>
  z
    .number()
    .int()
    .min(TOKEN_EXPIRY_MINUTES.min)
    .max(TOKEN_EXPIRY_MINUTES.max)
    .default(fallback)
    .describe(description);

/** The config keys of {@link productionTokenAuth}. */
export const productionTokenAuthConfig = z
  .object({
    productionStackPattern: stackPatternKey(
      "^prod(uction)?(-.+)?$",
      "A regular expression: stacks whose name it matches are production stacks",
    ),
    minTokenExpiryMinutes: minutes(5, "The shortest token expiry a production stack may set"),
    maxTokenExpiryMinutes: minutes(60, "The longest token expiry a production stack may set"),
  })
  .superRefine((c, ctx) => {
    if (c.minTokenExpiryMinutes > c.maxTokenExpiryMinutes)
      ctx.addIssue({
        code: "custom",
        path: ["minTokenExpiryMinutes"],
        message: `must not be above maxTokenExpiryMinutes (${c.maxTokenExpiryMinutes})`,
      });
  });

/** See {@link productionTokenAuthConfig}. */
export type ProductionTokenAuthConfig = z.output<typeof productionTokenAuthConfig>;

/**
 * The violations of a production stack's `authentication`: a token is required, and it expires
 * within the configured bounds. Pure.
 */
export function tokenAuthViolations(
  stack: string,
  authentication: PropertyRead<z.infer<typeof authenticationProperty>>,
  config: ProductionTokenAuthConfig,
): string[] {
  const { minTokenExpiryMinutes: min, maxTokenExpiryMinutes: max } = config;
  const range = `from ${min} to ${max}`;
  if (authentication.kind === "malformed")
    return [
      `${authentication.problem}; the production stack "${stack}" needs authentication: ` +
        `{ requireToken: true, tokenExpiryMinutes: <${range}> }. Set it so.`,
    ];
  const auth = authentication.kind === "value" ? authentication.value : undefined;
  if (auth?.requireToken !== true)
    return [
      `authentication.requireToken is ${auth === undefined ? "not set" : "false"}; stack ` +
        `"${stack}" is a production stack (productionStackPattern "${config.productionStackPattern}"), ` +
        `where every widget requires token authentication. Set authentication: ` +
        `{ requireToken: true, tokenExpiryMinutes: <${range}> }.`,
    ];
  const expiry = auth.tokenExpiryMinutes;
  if (expiry === undefined)
    return [
      `authentication.tokenExpiryMinutes is not set; tokens on the production stack "${stack}" ` +
        `must expire after ${min} to ${max} minutes. Set authentication.tokenExpiryMinutes to a ` +
        `value ${range}.`,
    ];
  if (expiry < min || expiry > max)
    return [
      `authentication.tokenExpiryMinutes is ${expiry}, outside the ${min} to ${max} minutes ` +
        `allowed on the production stack "${stack}". Set it to a value ${range}.`,
    ];
  return [];
}

/**
 * Production stacks (a configurable stack-name pattern) require token authentication, with an
 * expiry between configurable bounds: a widget on a production site should not answer anyone
 * who loads the page, nor honour a token for a whole day.
 */
export const productionTokenAuth = webchatGuardrail({
  name: "webchat-production-token-auth",
  description:
    "Production stacks require token authentication, with tokens that expire within the configured bounds.",
  enforcementLevel: "mandatory",
  config: productionTokenAuthConfig,
  check: (resource, config): Verdict => {
    if (!new RegExp(config.productionStackPattern).test(resource.stack))
      return {
        notApplicable: `stack "${resource.stack}" does not match productionStackPattern "${config.productionStackPattern}"`,
      };
    const authentication = readProperty(resource.props, "authentication", authenticationProperty);
    return { violations: tokenAuthViolations(resource.stack, authentication, config) };
  },
});
