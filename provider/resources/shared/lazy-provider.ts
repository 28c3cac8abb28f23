import { createRequire } from "node:module";
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "./runtime";

/** How an installed copy of this package is found from the Pulumi project (export maps add no extension). */
export const RUNTIME_MODULE = "pulumi-cxone-webchat/dist/provider/resources/runtime.js";

/**
 * The provider object Pulumi serializes into state with every resource. It captures two
 * strings and no secret or live object, and loads the real implementation when a hook runs:
 * first the copy of this package installed in the project (so that upgrading the package also
 * changes `refresh` and `destroy` of existing resources), else the module this program loaded.
 *
 * The installed copy is resolved as if from a file in the project directory: from inside this
 * package, a bare `require.resolve` would find the package itself by self-reference. Function
 * bodies here carry no comments, because Pulumi serializes them verbatim into state.
 */
export function lazyProvider(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: the SDK caches a provider's serialization by object, and serializing
  // one costs about 25 ms, which a new object per resource would pay on every resource.
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = forwarder(kind);
    providers.set(kind, provider);
  }
  return provider;
}

const providers = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

/** The hooks forwarded; every provider in `runtime.ts` implements all of them. */
const HOOKS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

function forwarder(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const fallback = require.resolve("./runtime");
  const spec = RUNTIME_MODULE;
  const load = (): Record<string, (...args: unknown[]) => unknown> => {
    let path = fallback;
    try {
      path = createRequire(`${process.cwd()}/__pulumi-cxone-webchat__.js`).resolve(spec);
    } catch {
      path = fallback;
    }
    return require(path).providerFor(kind);
  };
  // One short function per hook, each only naming its hook: this object is serialized into
  // state twice per resource, so every byte of it counts.
  const forward =
    (hook: string) =>
    (...args: unknown[]) =>
      load()[hook]?.(...args);
  return Object.fromEntries(
    HOOKS.map((hook) => [hook, forward(hook)]),
  ) as unknown as pulumi.dynamic.ResourceProvider;
}
