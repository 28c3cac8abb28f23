import { z } from "zod";
import { stackPatternKey } from "../config";
import { webchatGuardrail, type Verdict } from "../guardrail";
import { corsOriginsProperty, readProperty } from "../resource-types";

/** The config keys of {@link secureOrigins}. */
export const secureOriginsConfig = z.object({
  devStackPattern: stackPatternKey(
    "^dev(-.+)?$",
    "A regular expression: stacks whose name it matches are dev stacks, where http and wildcard origins are allowed",
  ),
});

/** See {@link secureOriginsConfig}. */
export type SecureOriginsConfig = z.output<typeof secureOriginsConfig>;

/** The violations of `corsOrigins` on a stack that is not a dev stack. Pure. */
export function insecureOriginViolations(
  stack: string,
  origins: readonly string[],
  config: SecureOriginsConfig,
): string[] {
  const outside = `outside dev stacks (devStackPattern "${config.devStackPattern}"), as "${stack}" is`;
  return origins.flatMap((origin) => {
    const violations: string[] = [];
    if (/^http:/i.test(origin))
      violations.push(
        `corsOrigins includes "${origin}", an http origin; ${outside}, every origin uses ` +
          `https. Change it to "${origin.replace(/^http:/i, "https:")}", or keep it in a dev stack's config.`,
      );
    if (origin.includes("*"))
      violations.push(
        `corsOrigins includes "${origin}", a wildcard; ${outside}, every origin is listed ` +
          `exactly. List each origin it stands for instead.`,
      );
    return violations;
  });
}

/**
 * No `http:` origin and no wildcard outside dev: a page served over http can be rewritten on
 * the way, and a wildcard lets any site under it embed the widget.
 */
export const secureOrigins = webchatGuardrail({
  name: "webchat-secure-origins",
  description:
    "Outside dev stacks, allowed origins use https and name one site each (no wildcard).",
  enforcementLevel: "mandatory",
  config: secureOriginsConfig,
  check: (resource, config): Verdict => {
    if (new RegExp(config.devStackPattern).test(resource.stack))
      return {
        notApplicable: `stack "${resource.stack}" matches devStackPattern "${config.devStackPattern}"`,
      };
    const origins = readProperty(resource.props, "corsOrigins", corsOriginsProperty);
    if (origins.kind === "malformed")
      return { violations: [`${origins.problem}; expected a list of origins.`] };
    const list = origins.kind === "value" ? origins.value : [];
    return { violations: insecureOriginViolations(resource.stack, list, config) };
  },
});
