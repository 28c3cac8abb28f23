import type * as pulumi from "@pulumi/pulumi";
import { engineAddress, engineGuard, exitWhenOutputCloses } from "./dynamic/engine-liveness";
import { withCleanFailures } from "./dynamic/failures";
import { silenceHostEchoes } from "./errors/hook-failure";
import { PolicyProvider, policyProviderDeps } from "./resources/policy/provider";
import { WebhookProvider } from "./resources/webhook/provider";

// In a dynamic-provider process (its first argument is the engine's address): no write once the
// engine is gone, no process left behind it, and each failure said once. Elsewhere (tests,
// tools) there is no engine.
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
 * How each resource kind's implementation is built. A record keyed by kind, so that the compiler
 * checks that every kind has one: a third resource is one entry here and one module in
 * `providers/`.
 */
const IMPLEMENTATIONS = {
  WebchatSecurityPolicy: () => new PolicyProvider(policyProviderDeps(guard)),
  WafWebhook: () => new WebhookProvider(),
} as const satisfies Record<string, () => pulumi.dynamic.ResourceProvider>;

/** The resource kinds this package provides. */
export type ProviderKind = keyof typeof IMPLEMENTATIONS;

const providers = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

/**
 * The implementation of a resource kind, one per process, its failures shaped for the engine.
 * The provider objects in state (`providers/`) load this module at run time and delegate here.
 */
export function providerFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = withCleanFailures(IMPLEMENTATIONS[kind]());
    providers.set(kind, provider);
  }
  return provider;
}
