import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

/** One entry of a lockfile v3 `packages` map. */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** A project's package.json and package-lock.json, written together. */
export interface ConsumerManifest {
  readonly packageJson: Record<string, unknown>;
  readonly packageLock: Record<string, unknown>;
}

/** A package of this repository as `npm pack` wrote it: the tarball and its package.json. */
export interface PackedManifest {
  readonly tarball: string;
  readonly packageJson: {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    bin?: Record<string, string>;
  };
}

/**
 * The package.json and package-lock.json of a new project that depends on the packed tarballs
 * (the provider, and a workspace such as the guardrails pack) and on `extra` packages, with every
 * version taken from the repository's own lockfile.
 *
 * Why: `npm ci` fills the npm cache with tarballs but not with the registry metadata that
 * `npm install` needs to choose versions, so an offline `npm install` cannot resolve anything.
 * With a lockfile, `npm ci --offline` needs only the tarballs, which are in the cache. The
 * entries are the closure of the dependencies, found the way Node resolves them (nearest
 * node_modules first), so the tree is the one the repository's tests ran against. The pack's
 * peer, the provider, is the provider's tarball beside it.
 */
export function consumerManifest(
  repoLock: Record<string, unknown>,
  packed: readonly PackedManifest[],
  extra: Record<string, string>,
): ConsumerManifest {
  const packages = (repoLock.packages ?? {}) as Record<string, LockEntry>;
  const selves: Record<string, LockEntry> = {};
  const edges: Edge[] = Object.keys(extra).map((name): Edge => [name, ""]);
  const dependencies: Record<string, string> = {};
  for (const { tarball, packageJson } of packed) {
    const selfPath = `node_modules/${packageJson.name}`;
    const file = `file:${basename(tarball)}`;
    selves[selfPath] = {
      version: packageJson.version,
      resolved: file,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      dependencies: packageJson.dependencies ?? {},
      // npm ci links bin entries from the lockfile, not from the installed package.json.
      ...(packageJson.bin === undefined ? {} : { bin: packageJson.bin }),
    };
    edges.push(...Object.keys(packageJson.dependencies ?? {}).map((n): Edge => [n, selfPath]));
    dependencies[packageJson.name] = file;
  }
  Object.assign(dependencies, extra);
  const picked = dependencyClosure(packages, selves, edges);
  return {
    packageJson: { name: "webchat-policy", version: "1.0.0", private: true, dependencies },
    packageLock: {
      name: "webchat-policy",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "webchat-policy", version: "1.0.0", dependencies },
        ...Object.fromEntries(Object.entries(picked).sort(([a], [b]) => a.localeCompare(b))),
      },
    },
  };
}

/** A dependency to resolve: its name, and the lockfile path of the package that requires it. */
type Edge = [name: string, from: string];

/**
 * The lockfile entries every edge reaches, transitively, added to `picked`: required
 * dependencies, optional ones the lockfile holds, and peers that are not optional.
 */
function dependencyClosure(
  packages: Record<string, LockEntry>,
  picked: Record<string, LockEntry>,
  edges: Edge[],
): Record<string, LockEntry> {
  for (let next = edges.pop(); next !== undefined; next = edges.pop()) {
    const path = resolveIn(packages, ...next);
    if (picked[path] !== undefined) continue;
    const { dev: _d, peer: _p, devOptional: _o, ...entry } = packages[path] as LockEntry;
    picked[path] = entry;
    const required = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}).filter((n) =>
        Object.keys(packages).some((p) => p.endsWith(`node_modules/${n}`)),
      ),
      ...Object.keys(entry.peerDependencies ?? {}).filter(
        (n) => entry.peerDependenciesMeta?.[n]?.optional !== true,
      ),
    ];
    for (const name of required) edges.push([name, path]);
  }
  return picked;
}

/** Where Node would find `name` from the package at lockfile path `from`: nearest first. */
function resolveIn(packages: Record<string, LockEntry>, name: string, from: string): string {
  for (let at = from; ;) {
    const candidate = `${at === "" ? "" : `${at}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (at === "") break;
    const i = at.lastIndexOf("/node_modules/");
    at = i < 0 ? "" : at.slice(0, i);
  }
  throw new Error(`the repository's lockfile has no ${name} reachable from ${from || "the root"}`);
}
