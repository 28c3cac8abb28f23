import type * as pulumi from "@pulumi/pulumi";
import { engineAddress, engineGuard, exitWhenOutputCloses } from "./engine-liveness";
import { withCleanFailures } from "./clean-failures";
import { silenceHostEchoes } from "../../errors/hook-failure";
import { PolicyProvider, policyProviderDeps } from "../policy/provider";
import { WebhookProvider } from "../webhook/provider";

/** The resource kinds this package provides. */
export type ProviderKind = "WebchatSecurityPolicy" | "WafWebhook";

const providers = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

// In a dynamic-provider process (its first argument is the engine's address): no write once the
// engine is gone, and no process left behind it. Elsewhere (tests, tools) there is no engine.
const address = engineAddress();
const guard = address === undefined ? undefined : engineGuard(address);
if (address !== undefined) {
  silenceHostEchoes();
  exitWhenOutputCloses();
}
guard?.watch(() => {
  console.error(`the Pulumi engine at ${address} is gone; this provider process stops`);
  process.exit(1);
});

/**
 * The implementation of a resource kind, one per process. The serialized provider in Pulumi
 * state loads this module at run time and delegates here, so the installed package's code, not
 * a snapshot taken at `up`, serves every later `refresh` and `destroy`.
 */
export function providerFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = withCleanFailures(
      kind === "WebchatSecurityPolicy"
        ? new PolicyProvider(policyProviderDeps(guard))
        : new WebhookProvider(),
    );
    providers.set(kind, provider);
  }
  return provider;
}
