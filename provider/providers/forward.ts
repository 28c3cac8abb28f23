import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../registry";

/** The hooks forwarded; every provider the registry builds implements all of them. */
const HOOKS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

/**
 * The provider object Pulumi serializes into state with every resource of `kind`: one function
 * per hook, each loading the registry of the package it was loaded from when the hook runs. It
 * is the whole export of its module in `providers/`, so that the SDK writes it into state as
 * `require("pulumi-cxone-webchat/dist/provider/providers/<kind>.js")` (a few hundred bytes, and
 * the installed package's code, not a snapshot, serves every later `refresh` and `destroy`).
 * Where the package is not under `node_modules` (this repository's own examples), the SDK
 * serializes it by value instead: then it captures only the two strings here.
 */
export function forwardTo(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const registry = require.resolve("../registry");
  const forward =
    (hook: string) =>
    (...args: unknown[]) =>
      require(registry)
        .providerFor(kind)
        [hook](...args);
  return Object.fromEntries(
    HOOKS.map((hook) => [hook, forward(hook)]),
  ) as unknown as pulumi.dynamic.ResourceProvider;
}
