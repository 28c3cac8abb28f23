import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../registry";

/** The hooks forwarded; every provider the registry builds implements all of them. */
const HOOKS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

/**
 * The provider object of every resource of `kind`: one function per hook, each loading the
 * registry of the package it was loaded from when the hook runs. It is the whole export of its
 * module in `providers/`, which the state names (see `serialized-provider.ts`), so that the
 * package installed or linked where the program runs, not a snapshot, serves every later
 * `refresh` and `destroy`. State written before holds what the SDK's closure serializer made of
 * this object: a `require` of that module where the package was installed, a copy of these
 * functions, naming the registry by its path, where it was not; both keep working.
 */
export function forwardTo(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const registry = require.resolve("../registry");
  const forward =
    (hook: string) =>
    (...args: unknown[]) =>
      require(registry)
        .hooksFor(kind)
        [hook](...args);
  return Object.fromEntries(
    HOOKS.map((hook) => [hook, forward(hook)]),
  ) as unknown as pulumi.dynamic.ResourceProvider;
}
