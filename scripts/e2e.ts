/**
 * Runs end-to-end spec files by name, with the settings of the whole suite (.mocharc.e2e.json):
 * the fast loop for one user path, without the other files' half hour.
 *
 *   npm run e2e -- restore                 test/e2e/restore.e2e.spec.ts
 *   npm run e2e -- restore quickstart      both files, one after the other
 *   npm run e2e -- restore --grep onDelete  further arguments go to mocha as they are
 *
 * It runs what `npm run build` last compiled into dist/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";

const ROOT = join(__dirname, "..", "..");
const E2E_DIR = join("dist", "test", "e2e");
const SUFFIX = ".e2e.spec.js";

/** The settings of .mocharc.e2e.json this runner passes on; the spec list it replaces. */
const E2eConfig = z.object({
  timeout: z.number().int().positive(),
  reporter: z.string().min(1),
  "enable-source-maps": z.boolean().default(false),
});

/** The names and the mocha arguments of a command line: words up to the first `-` option. */
export function splitArgs(args: readonly string[]): { names: string[]; rest: string[] } {
  const first = args.findIndex((a) => a.startsWith("-"));
  const end = first === -1 ? args.length : first;
  return { names: args.slice(0, end), rest: args.slice(end) };
}

/**
 * The spec file of each name: `restore`, `restore.e2e.spec.js` and the path of the compiled or
 * the source file all name test/e2e/restore.e2e.spec.ts. Throws, listing the names there are,
 * for a name with no file, and for no name at all.
 */
export function e2eSpecFiles(names: readonly string[], available: readonly string[]): string[] {
  const known = available
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
  const choices = `the e2e files are: ${known.join(", ")}`;
  if (names.length === 0) throw new Error(`name at least one e2e file; ${choices}`);
  return names.map((name) => {
    const base = basename(name).replace(/(\.e2e)?(\.spec)?(\.[jt]s)?$/, "");
    if (!known.includes(base)) throw new Error(`"${name}" names no e2e file; ${choices}`);
    return join(E2E_DIR, `${base}${SUFFIX}`);
  });
}

function main(): number {
  const { names, rest } = splitArgs(process.argv.slice(2));
  const dir = join(ROOT, E2E_DIR);
  if (!existsSync(dir)) {
    console.error(`${E2E_DIR} does not exist: run \`npm run build\` first`);
    return 2;
  }
  let files: string[];
  try {
    files = e2eSpecFiles(names, readdirSync(dir));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const config = E2eConfig.parse(
    JSON.parse(readFileSync(join(ROOT, ".mocharc.e2e.json"), "utf8")) as unknown,
  );
  const mocha = require.resolve("mocha/bin/mocha.js", { paths: [ROOT] });
  const args = [
    mocha,
    "--no-config",
    ...(config["enable-source-maps"] ? ["--enable-source-maps"] : []),
    "--timeout",
    String(config.timeout),
    "--reporter",
    config.reporter,
    ...rest,
    ...files,
  ];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  return run.status ?? 1;
}

if (require.main === module) process.exitCode = main();
