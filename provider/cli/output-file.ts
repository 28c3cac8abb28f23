import { randomBytes } from "node:crypto";
import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** An output path the command may not write, said in one line. */
export class OutputPathError extends Error {
  override readonly name = "OutputPathError";
}

/** The message for an output path that exists, naming it and the way on. */
export function existingOutputMessage(path: string): string {
  return `--out ${path}: the file exists; it is left as it is. Give another path, or --force to replace it`;
}

/**
 * Throws {@link OutputPathError} when `path` exists and `force` is not set: checked before any
 * request, so that a run that could not write its result costs nothing.
 */
export function checkOutputPath(path: string, force: boolean): void {
  if (!force && existsSync(path)) throw new OutputPathError(existingOutputMessage(path));
}

/**
 * Writes `text` to `path` whole or not at all: into a temporary file beside it, then moved into
 * place, so that a reader (or a crash) never sees half a file. Without `force`, the move is a
 * hard link, which fails when the path exists (another process may have created it since the
 * check), and nothing is replaced; with `force`, a rename, which replaces it.
 */
export function writeOutputFile(path: string, text: string, force: boolean): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, text, { encoding: "utf8", flag: "wx" });
  } catch (error) {
    throw new OutputPathError(`--out ${path}: cannot be written: ${(error as Error).message}`);
  }
  try {
    if (force) renameSync(temp, path);
    else linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputPathError(
      code === "EEXIST"
        ? existingOutputMessage(path)
        : `--out ${path}: cannot be written: ${(error as Error).message}`,
    );
  } finally {
    rmSync(temp, { force: true });
  }
}
