import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { open, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { ensureAuditDirectory } from "./audit-directory";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { auditEventSchema, sha256, type AuditEvent } from "./audit-log";
import { sinkScheme } from "./audit-sinks";

/** Where lines wait while their sink is away, when `CXONE_AUDIT_SPOOL` does not say. */
export const DEFAULT_SPOOL_DIR = ".cxone-audit-spool";

/** A line that could not be written: its event and time, waiting to be chained. */
export interface SpooledEntry {
  /** Random; the step's anchor is `spool:<id>` until the line is written, and carries it then. */
  readonly spoolId: string;
  readonly time: string;
  readonly event: AuditEvent;
  /**
   * Set once a flush has tried to write the line: where the sink's head was just before. The
   * try may have landed although it seemed to fail, or the process may have died before the
   * entry went, so the next flush first looks for the line after this number.
   */
  readonly after?: number;
}

const spooledEntrySchema = z.object({
  spoolId: z.string().regex(/^[0-9a-f]{32}$/),
  time: z.string(),
  event: auditEventSchema,
  after: z.number().int().nonnegative().optional(),
});

/** A spooled entry taken by one flush, which either writes it or gives it back. */
export interface SpoolClaim {
  readonly entry: SpooledEntry;
  /**
   * Notes, durably, that the line is about to be written with the head at `after` (see
   * {@link SpooledEntry.after}), before the write is tried.
   */
  attempt(after: number): Promise<void>;
  /** The line is in the sink: the entry goes. */
  done(): Promise<void>;
  /** The line could not be written: the entry waits for the next flush. */
  release(): Promise<void>;
}

/** Writes a file whole and durably under a temporary name, then moves it to `path`. */
async function replaceDurably(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  const file = await open(temporary, "wx", 0o600);
  try {
    await file.writeFile(text, "utf8");
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

function parseEntry(text: string, file: string): SpooledEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`the audit spool entry ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = spooledEntrySchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `the audit spool entry ${file} is not one this package wrote: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? ""}`,
    );
  return parsed.data;
}

const ENTRY = /^\d{13}-\d+-\d{6}-[0-9a-f]{32}\.json$/;
const CLAIMED = /^(.+\.json)\.claimed-(\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The folder of one sink's spool: a directory's absolute path or a URL, hashed. */
export function spoolFolder(root: string, location: string): string {
  const scheme = sinkScheme(location);
  const canonical =
    scheme !== "file"
      ? location
      : resolve(location.startsWith("file:") ? fileURLToPath(location) : location);
  return join(root, `${scheme}-${sha256(canonical).slice(0, 16)}`);
}

/**
 * The local spool of one sink: a folder of small files, one per line that could not be written,
 * named so that they sort in the order they were spooled. A flush takes each entry by renaming
 * it (only one process can), so two flushes never write one line twice; an entry taken by a
 * process that has since died is taken back, and since the entry noted where the head was before
 * that process tried to write it ({@link SpoolClaim.attempt}), the next flush can find the line
 * if it landed. The spool is local to the machine.
 */
export class AuditSpool {
  /** The folder; its `sink` file names the sink it is for. */
  readonly dir: string;
  private counter = 0;

  constructor(
    root: string,
    private readonly location: string,
  ) {
    this.dir = spoolFolder(root, location);
  }

  /** Keeps one line; rejects when even the spool cannot be written (the step then fails). */
  async put(time: string, event: AuditEvent): Promise<SpooledEntry> {
    const entry: SpooledEntry = { spoolId: randomBytes(16).toString("hex"), time, event };
    // Level by level: Node 20's recursive mkdir spins forever under /proc.
    ensureAuditDirectory(this.dir);
    await writeFile(join(this.dir, "sink"), `${this.location}\n`, { mode: 0o600 });
    this.counter = (this.counter + 1) % 1_000_000;
    const name = `${String(Date.now()).padStart(13, "0")}-${process.pid}-${String(this.counter).padStart(6, "0")}-${entry.spoolId}.json`;
    const temporary = join(this.dir, `.${name}.tmp`);
    const file = await open(temporary, "wx", 0o600);
    try {
      await file.writeFile(JSON.stringify(entry), "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(this.dir, name));
    return entry;
  }

  /** The names of the entries waiting, oldest first; entries held by dead processes come back. */
  async pending(): Promise<string[]> {
    const names = await namesIn(this.dir);
    const waiting = names.filter((name) => ENTRY.test(name));
    for (const name of names) {
      const claimed = CLAIMED.exec(name);
      if (claimed?.[1] === undefined || alive(Number(claimed[2]))) continue;
      try {
        await rename(join(this.dir, name), join(this.dir, claimed[1]));
        waiting.push(claimed[1]);
      } catch {
        // Another process took it back first.
      }
    }
    return waiting.sort();
  }

  /** Takes one entry for this process, or undefined when another process took it first. */
  async claim(name: string): Promise<SpoolClaim | undefined> {
    const from = join(this.dir, name);
    const taken = `${from}.claimed-${process.pid}`;
    try {
      await rename(from, taken);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let entry: SpooledEntry;
    try {
      entry = parseEntry(await readFile(taken, "utf8"), taken);
    } catch (error) {
      await rename(taken, from);
      throw error;
    }
    return {
      get entry() {
        return entry;
      },
      attempt: async (after) => {
        entry = { ...entry, after };
        await replaceDurably(taken, JSON.stringify(entry));
      },
      done: () => unlink(taken),
      release: () => rename(taken, from),
    };
  }

  /**
   * Every entry waiting, taken ones included, newest first, read without taking any: what a
   * step looks through for a line about its resource that the sink does not hold yet.
   */
  async entries(): Promise<SpooledEntry[]> {
    const names = await namesIn(this.dir);
    const kept = names
      .map((name) => ({ name, order: CLAIMED.exec(name)?.[1] ?? name }))
      .filter(({ order }) => ENTRY.test(order))
      .sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
    const entries: SpooledEntry[] = [];
    for (const { name } of kept) {
      try {
        entries.push(parseEntry(await readFile(join(this.dir, name), "utf8"), name));
      } catch (error) {
        // Taken and written meanwhile by a flush: gone, not broken.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    return entries;
  }
}

/**
 * The ids of the lines waiting in a sink's spool (taken ones included), read without writing
 * anything: what `audit verify` reports.
 */
export function spooledIds(root: string, location: string): string[] {
  const dir = spoolFolder(root, location);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const entry = CLAIMED.exec(name)?.[1] ?? name;
    const id = ENTRY.test(entry) ? /-([0-9a-f]{32})\.json$/.exec(entry)?.[1] : undefined;
    return id === undefined ? [] : [id];
  });
}

/** The names in a spool directory; none when it does not exist yet (nothing was spooled). */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
