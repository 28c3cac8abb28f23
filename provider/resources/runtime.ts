import type * as pulumi from "@pulumi/pulumi";
import { hooksFor, type ProviderKind } from "../registry";

/**
 * The entry point that state written by 0.1.0 loads (its serialized provider resolves
 * `pulumi-cxone-webchat/dist/provider/resources/runtime.js` from the project): it stays here,
 * whatever moves behind it, so that such state keeps working after an upgrade.
 */
export function providerFor(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  return hooksFor(kind);
}
