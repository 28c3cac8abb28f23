import { z } from "zod";
import { webchatGuardrail, type Verdict } from "../guardrail";
import { corsOriginsProperty, readProperty } from "../resource-types";
import { isUnderDomain, normalizeDomain, originHost } from "./origin-hosts";

/** The config keys of {@link originDomains}. */
export const originDomainsConfig = z.object({
  allowedDomains: z
    .array(
      z.string().refine((d) => normalizeDomain(d) !== undefined, {
        error: "must be a host name, such as example.com",
      }),
    )
    .default([])
    .describe(
      "The domains a widget may be embedded under: each origin's host must be one of them or a subdomain. Empty: any domain",
    ),
});

/** See {@link originDomainsConfig}. */
export type OriginDomainsConfig = z.output<typeof originDomainsConfig>;

/** The violations of `corsOrigins` against `allowedDomains` (non-empty). Pure. */
export function originDomainViolations(
  origins: readonly string[],
  allowedDomains: readonly string[],
): string[] {
  const domains = allowedDomains.flatMap((d) => normalizeDomain(d) ?? []);
  const listed = allowedDomains.join(", ");
  return origins.flatMap((origin) => {
    const host = originHost(origin);
    if (host === undefined)
      return [`corsOrigins includes "${origin}", which is not a URL. Remove it.`];
    if (domains.some((domain) => isUnderDomain(host, domain))) return [];
    return [
      `corsOrigins includes "${origin}", whose host ${host} is under none of the allowed ` +
        `domains (${listed}). Remove the origin, or have the security team add its domain to ` +
        `allowedDomains.`,
    ];
  });
}

/**
 * Allowed origins only under configured domains: a widget embedded on a site the organization
 * does not run lends its tokens and its conversations to that site.
 */
export const originDomains = webchatGuardrail({
  name: "webchat-origin-domains",
  description: "Every allowed origin is under one of the organization's domains.",
  enforcementLevel: "mandatory",
  config: originDomainsConfig,
  check: (resource, config): Verdict => {
    if (config.allowedDomains.length === 0)
      return { notApplicable: "no allowedDomains are configured" };
    const origins = readProperty(resource.props, "corsOrigins", corsOriginsProperty);
    if (origins.kind === "malformed")
      return { violations: [`${origins.problem}; expected a list of origins.`] };
    const list = origins.kind === "value" ? origins.value : [];
    return { violations: originDomainViolations(list, config.allowedDomains) };
  },
});
