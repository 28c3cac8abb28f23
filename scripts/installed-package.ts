/**
 * This repository's package as users get it: packed by `npm pack`, and installed into a project
 * directory from that tarball. Shared by the consumer tests and the benchmark, so that both run
 * the code a user's project runs (and the provider in state is a `require` of the installed
 * module, as it is for users).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { consumerManifest } from "./consumer-lock";
import { REPO_ROOT } from "./pulumi-project";

function npm(cwd: string, args: string[]): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Packs the repository (built first by the caller) into `dest`: the tarball and the files in it. */
export function packPackage(dest: string): { tarball: string; files: string[] } {
  const packed = JSON.parse(
    npm(REPO_ROOT, ["pack", "--json", "--pack-destination", dest]),
  ) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return {
    tarball: join(dest, packed[0]?.filename ?? ""),
    files: packed[0]?.files.map((f) => f.path) ?? [],
  };
}

/**
 * Installs `tarball` into the project directory `dir`, with `extra` packages beside it (such as
 * `@pulumi/pulumi`, this package's peer), offline: every version from the repository's own
 * lockfile, every tarball from the npm cache that `npm ci` filled.
 */
export function installPackage(dir: string, tarball: string, extra: Record<string, string>): void {
  copyFileSync(tarball, join(dir, basename(tarball)));
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
  };
  const manifest = consumerManifest(lock, join(dir, basename(tarball)), pkg, extra);
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
