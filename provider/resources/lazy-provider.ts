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
  const fallback = require.resolve("./runtime");
  const spec = RUNTIME_MODULE;
  const load = (): pulumi.dynamic.ResourceProvider => {
    let path = fallback;
    try {
      path = createRequire(`${process.cwd()}/__pulumi-cxone-webchat__.js`).resolve(spec);
    } catch {
      path = fallback;
    }
    const runtime = require(path) as {
      providerFor(k: ProviderKind): pulumi.dynamic.ResourceProvider;
    };
    return runtime.providerFor(kind);
  };
  return {
    configure: (req) => load().configure?.(req) ?? Promise.resolve(),
    check: (olds, news) => load().check?.(olds, news) ?? Promise.resolve({ inputs: news }),
    diff: (id, olds, news) => load().diff?.(id, olds, news) ?? Promise.resolve({}),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read?.(id, props) ?? Promise.resolve({ id, props }),
    update: (id, olds, news) => load().update?.(id, olds, news) ?? Promise.resolve({ outs: news }),
    delete: (id, props) => load().delete?.(id, props) ?? Promise.resolve(),
  };
}
