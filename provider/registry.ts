import type * as pulumi from "@pulumi/pulumi";
import { createProviderContext, type ProviderContext } from "./context/provider-context";
import { engineAddress, engineGuard, exitWhenOutputCloses } from "./dynamic/engine-liveness";
import { withCleanFailures } from "./dynamic/failures";
import { HostEchoes } from "./dynamic/hook-failure";
import { PolicyHooks } from "./resources/policy/hooks";
import { WebhookHooks } from "./resources/webhook/hooks";

/**
 * How each resource kind's provider is built on the process's context. A record keyed by kind,
 * so that the compiler checks that every kind has one: a third resource is one entry here and
 * one module in `providers/`.
 */
const IMPLEMENTATIONS = {
  WebchatSecurityPolicy: (context: ProviderContext) => new PolicyHooks(context),
  WafWebhook: (context: ProviderContext) => new WebhookHooks(context),
} as const satisfies Record<string, (context: ProviderContext) => pulumi.dynamic.ResourceProvider>;

/** The resource kinds this package provides. */
export type ProviderKind = keyof typeof IMPLEMENTATIONS;

/** One provider process: its context, and each kind's provider built on it once asked for. */
interface ProviderProcess {
  readonly context: ProviderContext;
  readonly echoes: HostEchoes;
  readonly providers: Map<ProviderKind, pulumi.dynamic.ResourceProvider>;
}

/**
 * Starts this process as a provider process, once: in a dynamic-provider process (its first
 * argument is the engine's address) no write leaves once the engine is gone, no process is left
 * behind it, and each failure is said once. Elsewhere (tests, tools) there is no engine.
 */
function start(): ProviderProcess {
  const address = engineAddress();
  const guard = address === undefined ? undefined : engineGuard(address);
  const echoes = new HostEchoes();
  if (address !== undefined) {
    echoes.silence();
    exitWhenOutputCloses();
  }
  guard?.watch(() => {
    console.error(`the Pulumi engine at ${address} is gone; this provider process stops`);
    process.exit(1);
  });
  return {
    context: createProviderContext(guard === undefined ? {} : { engine: guard }),
    echoes,
    providers: new Map(),
  };
}

/**
 * The one provider process this module serves, built on first use (never at load, so that merely
 * importing the package starts nothing). The one module-level state of the package: the process
 * entry holds the process's context, and everything else is handed it.
 */
// eslint-disable-next-line no-restricted-syntax -- the process entry holds the one context
let current: ProviderProcess | undefined;

/**
 * The implementation of a resource kind, one per process, on the process's one context, its
 * failures shaped for the engine. The provider objects in state (`providers/`) load this module
 * at run time and delegate here.
 */
export function hooksFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  current ??= start();
  let provider = current.providers.get(kind);
  if (provider === undefined) {
    provider = withCleanFailures(IMPLEMENTATIONS[kind](current.context), current.echoes);
    current.providers.set(kind, provider);
  }
  return provider;
}

/**
 * {@link hooksFor} by the name that state written by 0.2.0 calls: where the package was not
 * installed, that state holds a copy of `forwardTo`'s functions, which call `providerFor` on this
 * module. It stays, whatever the name of what it calls.
 */
export function providerFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  return hooksFor(kind);
}
