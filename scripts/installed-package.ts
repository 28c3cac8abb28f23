/**
 * This repository's package as users get it: packed by `npm pack`, and installed into a project
 * directory from that tarball. Shared by the consumer tests and the benchmark, so that both run
 * the code a user's project runs (and the provider in state is a `require` of the installed
 * module, as it is for users).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { consumerManifest, type PackedManifest } from "./consumer-lock";
import { REPO_ROOT } from "./pulumi-project";

function npm(cwd: string, args: string[]): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A package as `npm pack` wrote it: the tarball, the files in it, and its package.json. */
export interface PackedPackage extends PackedManifest {
  readonly files: string[];
}

/**
 * Packs the repository's package (built first by the caller) into `dest`, or with `workspace`
 * one of its workspaces (`policy-pack`, the guardrails package).
 */
export function packPackage(dest: string, workspace?: string): PackedPackage {
  const packed = JSON.parse(
    npm(REPO_ROOT, [
      "pack",
      "--json",
      "--pack-destination",
      dest,
      ...(workspace === undefined ? [] : ["--workspace", workspace]),
    ]),
  ) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return {
    tarball: join(dest, packed[0]?.filename ?? ""),
    files: packed[0]?.files.map((f) => f.path) ?? [],
    packageJson: JSON.parse(
      readFileSync(join(REPO_ROOT, workspace ?? "", "package.json"), "utf8"),
    ) as PackedManifest["packageJson"],
  };
}

/**
 * Installs `tarball` (this repository's package) into the project directory `dir`, with `extra`
 * packages beside it (such as `@pulumi/pulumi`, this package's peer) and the packed workspaces
 * `alongside` (such as the guardrails package), offline: every version from the repository's own
 * lockfile, every tarball from the npm cache that `npm ci` filled.
 */
export function installPackage(
  dir: string,
  tarball: string,
  extra: Record<string, string>,
  alongside: readonly PackedManifest[] = [],
): void {
  const packageJson = JSON.parse(
    readFileSync(join(REPO_ROOT, "package.json"), "utf8"),
  ) as PackedManifest["packageJson"];
  const packed = [{ tarball, packageJson }, ...alongside].map((p) => {
    const copy = join(dir, basename(p.tarball));
    copyFileSync(p.tarball, copy);
    return { tarball: copy, packageJson: p.packageJson };
  });
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const manifest = consumerManifest(lock, packed, extra);
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest.packageJson, null, 2));
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(manifest.packageLock, null, 2));
  npm(dir, ["ci", "--offline", "--no-audit", "--no-fund"]);
}

/** The version of `@pulumi/pulumi` this repository locks. */
export function lockedSdkVersion(): string {
  return lockedVersion("@pulumi/pulumi");
}

/** The version of the package `name` this repository locks at the top of its node_modules. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`the repository's lockfile has no ${name}`);
  return version;
}
