import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { link, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { ensureAuditDirectory } from "./audit-directory";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuditSinkError } from "../errors/state-errors";
import { InvalidSettingError } from "../errors/input-errors";
import { AUDIT_FILE } from "./audit-log";
import type { ChainLink } from "./audit-log";
import type { LineStore, SinkKind } from "./audit-sink";
import { ChainedSink } from "./chained-sink";

/** The folder of the audit directory that holds one file per line. */
export const LINES_DIR = "lines";

/** The small file that says where the head was last seen. */
export const HEAD_FILE = "head";

/** The file name of line `seq`: zero-padded, so that names sort in chain order. */
export function lineFileName(seq: number): string {
  return `${String(seq).padStart(12, "0")}.json`;
}

const LINE_FILE = /^(\d{12})\.json$/;

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * The lines of an audit directory: `lines/<seq>.json`, each created by linking a complete
 * temporary file to its name, which fails when the name exists. So two processes racing for one
 * number cannot both win, under any interleaving, and a process killed mid-write leaves a
 * temporary file, never half a line. No lock is taken, so none can be left behind.
 *
 * A directory written by release 0.1 keeps its `audit.jsonl`: its lines are the first of the
 * chain, and the first line file continues from its last line.
 */
export class DirLineStore implements LineStore {
  private legacy: readonly string[] | undefined;
  private made = false;

  constructor(readonly location: string) {}

  private get lines(): string {
    return join(this.location, LINES_DIR);
  }

  async get(seq: number): Promise<string | undefined> {
    try {
      return (await readFile(join(this.lines, lineFileName(seq)), "utf8")).replace(/\n$/, "");
    } catch (error) {
      if (code(error) !== "ENOENT") throw this.failed(`cannot read line ${seq}`, error);
    }
    return this.legacyLines()[seq - 1];
  }

  async create(seq: number, text: string): Promise<boolean> {
    try {
      // Level by level: Node 20's recursive mkdir spins forever under /proc.
      if (!this.made) ensureAuditDirectory(this.lines);
      this.made = true;
      const temporary = join(
        this.lines,
        `.${seq}.${process.pid}.${randomBytes(4).toString("hex")}`,
      );
      const file = await open(temporary, "wx", 0o600);
      try {
        await file.writeFile(`${text}\n`, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
      try {
        await link(temporary, join(this.lines, lineFileName(seq)));
        return true;
      } catch (error) {
        if (code(error) === "EEXIST") return false;
        throw error;
      } finally {
        await unlink(temporary);
      }
    } catch (error) {
      throw this.failed(`cannot write line ${seq}`, error);
    }
  }

  async headHint(): Promise<number> {
    try {
      const seq = Number((await readFile(join(this.location, HEAD_FILE), "utf8")).trim());
      if (Number.isSafeInteger(seq) && seq > 0) return seq;
    } catch (error) {
      if (code(error) !== "ENOENT") throw this.failed("cannot read its head", error);
    }
    return this.legacyLines().length;
  }

  async noteHead(seq: number): Promise<void> {
    const temporary = join(
      this.location,
      `.${HEAD_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`,
    );
    try {
      await writeWhole(temporary, `${seq}\n`);
      await rename(temporary, join(this.location, HEAD_FILE));
    } catch (error) {
      throw this.failed("cannot note its head", error);
    }
  }

  async *list(): AsyncIterable<number> {
    const legacy = this.legacyLines().length;
    for (let seq = 1; seq <= legacy; seq++) yield seq;
    let names: string[];
    try {
      names = await readdir(this.lines);
    } catch (error) {
      if (code(error) === "ENOENT") return;
      throw this.failed("cannot list its lines", error);
    }
    const seqs = names.flatMap((name) => {
      const match = LINE_FILE.exec(name);
      return match?.[1] === undefined ? [] : [Number(match[1])];
    });
    yield* seqs.sort((a, b) => a - b);
  }

  /** The lines of release 0.1's `audit.jsonl`, read once: nothing appends to it any more. */
  private legacyLines(): readonly string[] {
    if (this.legacy === undefined) {
      const file = join(this.location, AUDIT_FILE);
      const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
      if (lines.at(-1) === "") lines.pop();
      this.legacy = lines;
    }
    return this.legacy;
  }

  private failed(what: string, error: unknown): AuditSinkError {
    return new AuditSinkError(
      this.location,
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}

/**
 * Every line of an audit directory, in order, read at once: release 0.1's `audit.jsonl`, then
 * the line files. Throws when the directory holds neither.
 */
export function readDirChainSync(dir: string): ChainLink[] {
  const legacyFile = join(dir, AUDIT_FILE);
  const linesDir = join(dir, LINES_DIR);
  if (!existsSync(legacyFile) && !existsSync(linesDir))
    throw new Error(`no audit trail in ${dir}: neither ${AUDIT_FILE} nor ${LINES_DIR}/ is there`);
  const links: ChainLink[] = [];
  if (existsSync(legacyFile)) {
    const lines = readFileSync(legacyFile, "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    for (const [index, text] of lines.entries()) links.push({ seq: index + 1, text });
  }
  if (existsSync(linesDir)) {
    const seqs = readdirSync(linesDir).flatMap((name) => {
      const match = LINE_FILE.exec(name);
      return match?.[1] === undefined ? [] : [Number(match[1])];
    });
    for (const seq of seqs.sort((a, b) => a - b)) {
      const text = readFileSync(join(linesDir, lineFileName(seq)), "utf8").replace(/\n$/, "");
      links.push({ seq, text });
    }
  }
  return links;
}

/**
 * Where the head of an audit directory was last noted: its `head` file, else the number of lines
 * of release 0.1's `audit.jsonl`, else 0. What {@link DirLineStore.headHint} reads, at once.
 */
export function readDirHeadHintSync(dir: string): number {
  const headFile = join(dir, HEAD_FILE);
  if (existsSync(headFile)) {
    const seq = Number(readFileSync(headFile, "utf8").trim());
    if (Number.isSafeInteger(seq) && seq > 0) return seq;
  }
  const legacyFile = join(dir, AUDIT_FILE);
  if (!existsSync(legacyFile)) return 0;
  const lines = readFileSync(legacyFile, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.length;
}

async function writeWhole(path: string, text: string): Promise<void> {
  const file = await open(path, "w", 0o600);
  try {
    await file.writeFile(text, "utf8");
  } finally {
    await file.close();
  }
}

/** A directory, given as a path or a `file://` URL. */
export const dirSinkKind: SinkKind = {
  describe: "a directory",
  example: ".cxone-audit",
  open(location, source) {
    let path = location;
    if (location.startsWith("file:")) {
      try {
        path = fileURLToPath(location);
      } catch (error) {
        throw new InvalidSettingError(
          source,
          location,
          `is not a file URL such as file:///var/audit (${(error as Error).message})`,
        );
      }
    }
    if (path.trim() === "") throw new InvalidSettingError(source, location, "is an empty path");
    return new ChainedSink(new DirLineStore(path));
  },
};
