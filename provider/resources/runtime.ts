import type * as pulumi from "@pulumi/pulumi";
import { withCleanFailures } from "./hook-failure";
import { PolicyProvider } from "./policy-provider";
import { WebhookProvider } from "./webhook-provider";

/** The resource kinds this package provides. */
export type ProviderKind = "WebchatSecurityPolicy" | "WafWebhook";

const providers = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

/**
 * The implementation of a resource kind, one per process. The serialized provider in Pulumi
 * state loads this module at run time and delegates here, so the installed package's code, not
 * a snapshot taken at `up`, serves every later `refresh` and `destroy`.
 */
export function providerFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = withCleanFailures(
      kind === "WebchatSecurityPolicy" ? new PolicyProvider() : new WebhookProvider(),
    );
    providers.set(kind, provider);
  }
  return provider;
}
