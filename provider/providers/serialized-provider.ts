import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ProviderKind } from "../registry";

/** This package's name, by which a project's directory resolves it. */
const PACKAGE = "pulumi-cxone-webchat";

/** The module in `providers/` whose whole export is each kind's provider object (see forward.ts). */
const MODULES = {
  WebchatSecurityPolicy: "webchat-security-policy",
  WafWebhook: "waf-webhook",
} as const satisfies Record<ProviderKind, string>;

/**
 * The type token of a resource of `kind`, as `pulumi.dynamic.Resource` makes it for the module
 * `cxone`: Pulumi's Node.js dynamic-provider plugin serves every type under `pulumi-nodejs:`.
 */
export function dynamicType(kind: ProviderKind): string {
  return `pulumi-nodejs:dynamic/cxone:${kind}`;
}

/**
 * The `__provider` property Pulumi's dynamic-provider host reads from every resource of `kind`:
 * the source of a CommonJS module whose `handler()` returns the provider object (the host runs
 * `requireFromString(text).handler()`, once per distinct text and process). It is written here
 * rather than by the SDK's closure serializer, which copies the code of a module outside
 * node_modules into state by value: with the package linked (`npm link`, a `file:` dependency,
 * a workspace, this repository's examples) that made 2.7 KB, twice per resource.
 *
 * When `programDir` resolves the package by name to this very file, as in every layout above and
 * when installed, the text loads the provider by name from the directory the provider runs in
 * (the program's): whatever version is installed or linked there then serves `refresh` and
 * `destroy`, and the state holds no path of this machine. Otherwise (a program that loads the
 * package by path from outside any project that has it), it names this file by its absolute
 * path, as the serializer's copy did.
 *
 * @param programDir the directory the program runs in, which the provider runs in too
 * @default programDir process.cwd()
 */
export function serializedProvider(kind: ProviderKind, programDir = process.cwd()): string {
  const module = `${MODULES[kind]}.js`;
  const here = join(__dirname, module);
  const byName = `${PACKAGE}/dist/provider/providers/${module}`;
  if (resolvesTo(byName, programDir, here))
    return `exports.handler = () => require("module").createRequire(process.cwd() + "/")(${JSON.stringify(byName)});\n`;
  return `exports.handler = () => require(${JSON.stringify(here)});\n`;
}

/**
 * Whether `specifier`, required from a module in `dir`, is the file `file`: through node_modules,
 * or through the package's own name from inside it (Node's self-reference, which is how this
 * repository's examples import it).
 */
function resolvesTo(specifier: string, dir: string, file: string): boolean {
  let resolved: string;
  try {
    resolved = createRequire(join(dir, "/")).resolve(specifier);
  } catch {
    // Not resolvable from there (not installed, or a version without this module).
    return false;
  }
  return realpathSync(resolved) === realpathSync(file);
}
