import { accessSync, constants, mkdirSync, statSync, statfsSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Kernel pseudo-filesystems (`/proc`, `/sys`, `/dev/pts`, cgroups, ...): nothing can be created
 * in them, and on Node 20 `mkdirSync(dir, { recursive: true })` under `/proc` loops forever on
 * ENOENT instead of failing. Their `statfs` types, from linux/magic.h.
 */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0xcafe4a11, "bpf"],
  [0x6165676c, "pstore"],
  [0x62656570, "configfs"],
  [0x19800202, "mqueue"],
]);

/** The nearest of `dir` and its ancestors that exists, and the levels below it still to create. */
function nearestExisting(dir: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      statSync(current);
      return { existing: current, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
    }
    const parent = dirname(current);
    if (parent === current) return { existing: current, missing };
    missing.unshift(current);
    current = parent;
  }
}

/**
 * Why audit lines cannot be written under `dir`, or undefined when they can, found without
 * writing anything (so that `preview` can say it): the nearest existing part of the path must
 * be a writable directory on a real filesystem.
 */
export function auditDirectoryProblem(dir: string): string | undefined {
  let existing: string;
  try {
    existing = nearestExisting(dir).existing;
  } catch (error) {
    return `cannot be examined (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const where = existing === resolve(dir) ? "it" : existing;
  if (!statSync(existing).isDirectory())
    return `cannot be used: ${where} is a file, not a directory`;
  const pseudo = PSEUDO_FILESYSTEMS.get(Number(statfsSync(existing).type));
  if (pseudo !== undefined)
    return `cannot be used: ${where} is on the kernel's ${pseudo} filesystem, where nothing can be created`;
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    return `cannot be used: ${where} is not writable by this user`;
  }
  return undefined;
}

/**
 * Creates `dir` and its missing parents one level at a time (never `recursive: true`, which
 * spins under `/proc` on Node 20), after checking {@link auditDirectoryProblem}. Throws an
 * Error whose message names the directory and the reason.
 */
export function ensureAuditDirectory(dir: string): void {
  const problem = auditDirectoryProblem(dir);
  if (problem !== undefined) throw new Error(`the audit directory ${dir} ${problem}`);
  for (const level of nearestExisting(dir).missing) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new Error(
          `the audit directory ${dir} cannot be created: ${(error as NodeJS.ErrnoException).code ?? String(error)} at ${level}`,
        );
    }
  }
}
