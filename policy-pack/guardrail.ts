import type { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { WEBCHAT_SECURITY_POLICY_TYPE } from "pulumi-cxone-webchat";
import type { z } from "zod";
import { configSchemaOf, readConfig, type ConfigObject } from "./config";
import { stackOfUrn } from "./resource-types";

/** What a rule sees of one `WebchatSecurityPolicy`. */
export interface PolicyResourceView {
  /** The resource's name in the program, for example `webchat-prod`. */
  readonly name: string;
  readonly urn: string;
  /** The stack it is deployed to. */
  readonly stack: string;
  /** Its inputs after `check`; read them with `readProperty`. */
  readonly props: Readonly<Record<string, unknown>>;
}

/** A rule's verdict on one resource. */
export type Verdict =
  /** Each violation as a sentence that names the field and says what to do; empty: complies. */
  | { readonly violations: readonly string[] }
  /** The rule does not apply to this resource or stack, and why. */
  | { readonly notApplicable: string };

/** A rule over `WebchatSecurityPolicy` resources. */
export interface GuardrailSpec<S extends ConfigObject> {
  /** The policy's name: the key of its config in `--policy-pack-config`. */
  readonly name: string;
  /** One sentence: what the rule requires. The CLI prints it above each violation. */
  readonly description: string;
  /** The level when the config names none. */
  readonly enforcementLevel: EnforcementLevel;
  /** Its config keys, with their defaults. */
  readonly config: S;
  /** The verdict on one resource, under the parsed config: pure. */
  readonly check: (resource: PolicyResourceView, config: z.output<S>) => Verdict;
}

/**
 * The resource policy of a rule: it reads its config, passes over every other resource type,
 * and reports each violation prefixed with the resource's name.
 */
export function webchatGuardrail<S extends ConfigObject>(
  spec: GuardrailSpec<S>,
): ResourceValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    configSchema: configSchemaOf(spec.config),
    validateResource: (args, reportViolation) => {
      if (args.type !== WEBCHAT_SECURITY_POLICY_TYPE) return;
      const config = readConfig(spec.name, spec.config, args.getConfig());
      const verdict = spec.check(
        { name: args.name, urn: args.urn, stack: stackOfUrn(args.urn), props: args.props },
        config,
      );
      if ("notApplicable" in verdict) args.notApplicable(verdict.notApplicable);
      else
        for (const violation of verdict.violations) reportViolation(`${args.name}: ${violation}`);
    },
  };
}
