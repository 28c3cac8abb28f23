/**
 * The many-widgets program in each way a project can get this package: installed from its
 * tarball, or linked to a copy of it on disk (a `file:` dependency, `npm link`, an npm
 * workspace), and this repository's own examples. What Pulumi stores with every resource depends
 * on where the package's files are, so the benchmark and the consumer tests measure each one.
 * Every install is offline (see consumer-lock.ts); each layout is made by the npm command that a
 * user would run for it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, lockedSdkVersion, lockedVersion } from "./installed-package";
import { MANY_WIDGETS_PROJECT } from "./bench-project";
import { REPO_ROOT, repoSandbox } from "./pulumi-project";

/** How a project gets the package. */
export const LAYOUTS = ["installed", "file", "link", "workspace", "repository"] as const;
export type Layout = (typeof LAYOUTS)[number];

/** A Pulumi project of the many-widgets program in one layout. */
export interface LayoutProject {
  readonly layout: Layout;
  /** The project directory: where Pulumi.yaml is and `pulumi` runs. */
  readonly dir: string;
  /**
   * The directory of the package's files the project runs, outside any node_modules for the
   * linked layouts: a copy of its own, which a test may change to stand for an edit of the
   * linked checkout. For `repository`, this repository itself (do not change it).
   */
  readonly packageDir: string;
}

const PACKAGE = "pulumi-cxone-webchat";

function npm(cwd: string, args: string[], env: Record<string, string> = {}): void {
  execFileSync("npm", [...args, "--offline", "--no-audit", "--no-fund"], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * The compiled many-widgets example as the program of a project at `dir` (Pulumi.yaml and
 * `program/`), importing the package by name, with no package installed yet.
 */
function manyWidgetsProgram(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `name: ${MANY_WIDGETS_PROJECT}\nruntime:\n  name: nodejs\nmain: program/index.js\n`,
  );
  cpSync(join(REPO_ROOT, "dist", "examples", "many-widgets"), join(dir, "program"), {
    recursive: true,
    filter: (source) => !source.endsWith(".map") && !source.endsWith(".d.ts"),
  });
}

/** The package's files from its tarball, in `dir` (a checkout of it, without node_modules). */
function unpack(tarball: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"]);
  return dir;
}

/** Copies a project (its node_modules too: a copy is much faster than another install). */
function copyProject(from: string, to: string): string {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

/**
 * Builds every layout under `root` from the packed `tarball` (one install; the others are
 * copies of it changed by npm), and returns them in {@link LAYOUTS} order.
 *
 * - `installed`: `npm install` of the tarball, as from the registry.
 * - `file`: `npm install ../checkout/pulumi-cxone-webchat`, a `file:` dependency npm links.
 * - `link`: `npm link ../checkout/pulumi-cxone-webchat` (a global prefix of its own).
 * - `workspace`: the package and the project, each a workspace of one root.
 * - `repository`: examples/many-widgets of this repository (as the e2e sandbox runs it), which
 *   imports the package by its own name.
 *
 * The checkout's dependencies are installed beside it, @pulumi/pulumi among them, so that the
 * linked package loads its own copy of the SDK, as a developer's checkout does.
 */
export function packageLayouts(root: string, tarball: string): LayoutProject[] {
  // The program imports yaml itself; with the package linked, npm no longer hoists it.
  const programDeps = {
    "@pulumi/pulumi": lockedSdkVersion(),
    yaml: lockedVersion("yaml"),
  };
  const installed = join(root, "installed");
  manyWidgetsProgram(installed);
  installPackage(installed, tarball, programDeps);

  // A checkout of the package, its dependencies installed in the directory above it.
  const checkouts = copyProject(installed, join(root, "checkouts"));
  const checkout = (name: string) => unpack(tarball, join(checkouts, name));

  const fileDir = copyProject(installed, join(root, "file"));
  const fileCheckout = checkout("for-file");
  npm(fileDir, ["install", fileCheckout]);

  const linkDir = copyProject(installed, join(root, "link"));
  const linkCheckout = checkout("for-link");
  const prefix = join(root, "npm-global");
  mkdirSync(join(prefix, "lib"), { recursive: true });
  npm(linkDir, ["link", linkCheckout], { npm_config_prefix: prefix });

  const workspace = join(root, "workspace");
  const ws = workspaceOf(copyProject(installed, workspace), tarball, programDeps);

  const sandbox = repoSandbox(join(root, "repository"));
  return [
    { layout: "installed", dir: installed, packageDir: join(installed, "node_modules", PACKAGE) },
    { layout: "file", dir: fileDir, packageDir: fileCheckout },
    { layout: "link", dir: linkDir, packageDir: linkCheckout },
    { layout: "workspace", dir: ws.project, packageDir: ws.packageDir },
    {
      layout: "repository",
      dir: join(sandbox, "examples", "many-widgets"),
      packageDir: REPO_ROOT,
    },
  ];
}

/**
 * Turns the installed project at `dir` into an npm workspace root with two workspaces,
 * `packages/pulumi-cxone-webchat` (the package, its devDependencies left out: they are the
 * repository's tools) and `packages/app` (the program, depending on the package by version),
 * then lets npm link them. The installed node_modules already holds every version, so npm needs
 * nothing from the registry.
 */
function workspaceOf(
  dir: string,
  tarball: string,
  programDeps: Record<string, string>,
): { project: string; packageDir: string } {
  const packageDir = unpack(tarball, join(dir, "packages", PACKAGE));
  const manifestPath = join(packageDir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    version: string;
    devDependencies?: unknown;
  };
  delete manifest.devDependencies;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const project = join(dir, "packages", "app");
  mkdirSync(project, { recursive: true });
  for (const entry of ["Pulumi.yaml", "program"])
    renameSync(join(dir, entry), join(project, entry));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify(
      {
        name: "app",
        version: "1.0.0",
        private: true,
        dependencies: { ...programDeps, [PACKAGE]: manifest.version },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      { name: "workspace", version: "1.0.0", private: true, workspaces: ["packages/*"] },
      null,
      2,
    ),
  );
  npm(dir, ["install"]);
  return { project, packageDir };
}
