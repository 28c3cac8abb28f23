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

/** A stored line, as {@link findSpooledLine} reads it back. */
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
