import type * as pulumi from "@pulumi/pulumi";
import { providerFor as implementationOf, type ProviderKind } from "./shared/runtime";

export type { ProviderKind };

/**
 * The stable entry point that serialized providers load (see `RUNTIME_MODULE`): state written by
 * every version names `dist/provider/resources/runtime.js`, so this file stays here, whatever
 * moves behind it, for `refresh` and `destroy` of old state. A plain function export, so that
 * the module's `exports` object is an ordinary one.
 */
export function providerFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  return implementationOf(kind);
}
