import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { WAF_WEBHOOK_TYPE, WEBCHAT_SECURITY_POLICY_TYPE } from "pulumi-cxone-webchat";
import { digestProperty, readProperty, stackOfUrn } from "../resource-types";

/** What the rule sees of one resource of the stack. */
export interface StackResourceView {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** For each input, the URNs of the resources its value came from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** A violation of the stack rule, reported on the policy resource it names. */
export interface StackViolation {
  readonly urn: string;
  readonly message: string;
}

const digestOf = (resource: StackResourceView) => {
  const read = readProperty(resource.props, "policyDigest", digestProperty);
  return read.kind === "value" ? read.value : undefined;
};

/**
 * Every `WebchatSecurityPolicy` of the stack has a `WafWebhook` that consumes its digest: the
 * webhook's `policyDigest` input comes from the policy (the engine records the policy among that
 * input's dependencies) and, where both are known, equals the policy's digest. Pure.
 */
export function webhookDigestViolations(resources: readonly StackResourceView[]): StackViolation[] {
  const webhooks = resources.filter((r) => r.type === WAF_WEBHOOK_TYPE);
  return resources
    .filter((r) => r.type === WEBCHAT_SECURITY_POLICY_TYPE)
    .flatMap((policy): StackViolation[] => {
      const digest = digestOf(policy);
      const consumers = webhooks.filter((w) =>
        (w.propertyDependencies.policyDigest ?? []).includes(policy.urn),
      );
      const stack = stackOfUrn(policy.urn);
      const wire =
        `WafWebhook.forPolicy(name, policy, { url, signingSecret }), where policy is this ` +
        `resource (or pass its policyDigest output as the webhook's policyDigest)`;
      if (consumers.length === 0) {
        const copy = webhooks.find((w) => digest !== undefined && digestOf(w) === digest);
        const message =
          copy === undefined
            ? `${policy.name}: no WafWebhook in stack "${stack}" consumes its policyDigest, so ` +
              `the WAF is never told which policy is live. Add one to the program: ${wire}.`
            : `${policy.name}: WafWebhook ${copy.name} carries its policyDigest as a copied ` +
              `value, not from the policy's output, so the next change of the policy would leave ` +
              `the WAF with a stale digest. Create the webhook with ${wire}.`;
        return [{ urn: policy.urn, message }];
      }
      const differing = consumers.filter((w) => {
        const consumed = digestOf(w);
        return digest !== undefined && consumed !== undefined && consumed !== digest;
      });
      if (differing.length < consumers.length) return [];
      return differing.map((w) => ({
        urn: policy.urn,
        message:
          `${policy.name}: WafWebhook ${w.name} derives its policyDigest "${digestOf(w)}" from ` +
          `the policy, but it differs from the policy's digest "${digest}": the WAF would ` +
          `check requests against the wrong policy. Pass ${policy.name}.policyDigest unchanged.`,
      }));
    });
}

/** The library's view of a stack resource, reduced to what the rule reads. */
export function stackResourceView(resource: PolicyResource): StackResourceView {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props: resource.props,
    propertyDependencies: Object.fromEntries(
      Object.entries(resource.propertyDependencies).map(([key, deps]) => [
        key,
        deps.map((d) => d.urn),
      ]),
    ),
  };
}

/** The stack rule: see {@link webhookDigestViolations}. */
export const wafWebhookDigest: StackValidationPolicy = {
  name: "webchat-waf-webhook",
  description:
    "Every WebchatSecurityPolicy has a WafWebhook in the same stack that consumes its policyDigest.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const violation of webhookDigestViolations(args.resources.map(stackResourceView)))
      reportViolation(violation.message, violation.urn);
  },
};
