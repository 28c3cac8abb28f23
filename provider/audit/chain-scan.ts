import { z } from "zod";
import type { ChainLink } from "./audit-log";
import type { AuditSink } from "./audit-sink";

/** What the trail reads back of a stored line to find one: the fields it matches on. */
const storedLineSchema = z.object({
  resource: z.string(),
  widgetId: z.string(),
  action: z.string(),
  outcome: z.string(),
  digestAfter: z.string().nullable(),
  spoolId: z.string().optional(),
  hash: z.string(),
});

/** A stored line, as {@link findSpooledLine} and {@link RecentLines} read it back. */
export type StoredLine = z.infer<typeof storedLineSchema> & { readonly seq: number };

/** A line's text read back; undefined when it is not a line this package wrote. */
export function readStoredLine(link: ChainLink): StoredLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(link.text);
  } catch {
    return undefined;
  }
  const parsed = storedLineSchema.safeParse(value);
  return parsed.success ? { ...parsed.data, seq: link.seq } : undefined;
}

/** How many lines a scan reads at once: one round trip's worth on a remote sink. */
const BATCH = 16;

/**
 * The line that carries `spoolId`, looked for from line `after + 1` on until a number has no
 * line, or undefined. A spooled line that a flush may have written (it was attempted) is looked
 * up here before it is written again, so that no line is written twice; `after` is where the
 * head was before that attempt, so the cost is the lines written since, not the whole trail.
 */
export async function findSpooledLine(
  sink: AuditSink,
  spoolId: string,
  after: number,
): Promise<StoredLine | undefined> {
  for (let first = after + 1; ; first += BATCH) {
    const links = await Promise.all(Array.from({ length: BATCH }, (_, i) => sink.line(first + i)));
    for (const link of links) {
      if (link === undefined) return undefined;
      const line = readStoredLine(link);
      if (line?.spoolId === spoolId) return line;
    }
  }
}

/** Which resource a line is about: its kind and its widget. */
export function subjectOf(line: { readonly resource: string; readonly widgetId: string }): string {
  return `${line.resource}\u0000${line.widgetId}`;
}

/**
 * The most recent line about each resource among the last lines of a chain, read backwards from
 * the head on demand and kept, so that many lookups in one process read each line once. Used to
 * find the line a create already wrote before its result was lost (see `AuditTrail.recordOnce`).
 */
export class RecentLines {
  private readonly latest = new Map<string, StoredLine>();
  /** The next number to read, going back; undefined until the first lookup. */
  private next: number | undefined;
  private scanned = 0;

  /** @param limit how many lines, back from the head, a lookup may read at most */
  constructor(
    private readonly sink: AuditSink,
    private readonly limit: number,
  ) {}

  /** The most recent line about `subject` (see {@link subjectOf}) among the last `limit` lines. */
  async latestAbout(subject: string): Promise<StoredLine | undefined> {
    this.next ??= (await this.sink.head())?.seq ?? 0;
    while (!this.latest.has(subject) && this.next > 0 && this.scanned < this.limit) {
      const count = Math.min(BATCH, this.next, this.limit - this.scanned);
      const from = this.next;
      const links = await Promise.all(
        Array.from({ length: count }, (_, i) => this.sink.line(from - i)),
      );
      for (const link of links) {
        const line = link === undefined ? undefined : readStoredLine(link);
        if (line !== undefined && !this.latest.has(subjectOf(line)))
          this.latest.set(subjectOf(line), line);
      }
      this.next -= count;
      this.scanned += count;
    }
    return this.latest.get(subject);
  }

  /** A line written after the scan began: the most recent about its resource now. */
  saw(line: StoredLine): void {
    if (this.next !== undefined) this.latest.set(subjectOf(line), line);
  }
}
