/**
 * The many-widgets program in a project directory of its own, with this repository's package
 * installed from its npm pack tarball: the way users run it. The benchmarks measure there, so
 * that the provider in state is what a user's state holds (a `require` of the installed module),
 * not the by-value copy a checkout's own examples get.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, lockedSdkVersion, packPackage } from "./installed-package";
import { REPO_ROOT } from "./pulumi-project";

/** The project name the many-widgets example declares, which its config keys use. */
export const MANY_WIDGETS_PROJECT = "cxone-webchat-many-widgets";

/** Packs the package once, into `dir`; every project made from it installs that tarball. */
export function packedPackage(dir: string): string {
  return packPackage(dir).tarball;
}

/**
 * A many-widgets project at `dir`, running the compiled example (which imports the package by
 * name) against the package installed from `tarball`. Returns `dir`.
 */
export function installedManyWidgets(dir: string, tarball: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `name: ${MANY_WIDGETS_PROJECT}\nruntime:\n  name: nodejs\nmain: program/index.js\n`,
  );
  cpSync(join(REPO_ROOT, "dist", "examples", "many-widgets"), join(dir, "program"), {
    recursive: true,
    filter: (source) => !source.endsWith(".map") && !source.endsWith(".d.ts"),
  });
  installPackage(dir, tarball, { "@pulumi/pulumi": lockedSdkVersion() });
  return dir;
}

/**
 * A project of trivial dynamic resources at `dir` (as many as its `count` config says), whose
 * provider only echoes its inputs: what the engine costs by itself, beside which the benchmarks
 * put the provider. `dir` must be inside a directory whose node_modules holds @pulumi/pulumi.
 */
export function trivialProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), "name: bench-trivial\nruntime: nodejs\nmain: index.js\n");
  writeFileSync(
    join(dir, "index.js"),
    `const pulumi = require("@pulumi/pulumi");
const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
const count = new pulumi.Config().requireNumber("count");
for (let i = 0; i < count; i++) new pulumi.dynamic.Resource(provider, "r" + i, { name: "r" + i });
`,
  );
  return dir;
}
