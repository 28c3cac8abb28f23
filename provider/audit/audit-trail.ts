import { sha256, type AuditEvent, type AuditLine } from "./audit-log";
import type { AuditSink } from "./audit-sink";
import { openSink } from "./audit-sinks";
import { AuditSpool, type SpooledEntry } from "./audit-spool";
import { findSpooledLine, RecentLines, subjectOf, type StoredLine } from "./chain-scan";

/** The prefix of an anchor whose line still waits in the spool: `spool:<spoolId>`. */
export const SPOOL_ANCHOR = "spool:";

/** What recording one event left. */
export interface Recorded {
  /**
   * What a resource keeps to anchor the chain: the line's `hash`, or `spool:<id>` while the line
   * waits in the spool (the line carries `spoolId` once written).
   */
  readonly anchor: string;
  /** The line written, unless it was spooled or already there. */
  readonly line?: AuditLine;
  /** Set when the line was spooled: the entry, and why the sink was not written. */
  readonly spooled?: {
    readonly entry: SpooledEntry;
    readonly spoolDir: string;
    readonly reason: string;
  };
  /** Set when nothing was written: an earlier line (the anchor's) already records the step. */
  readonly alreadyRecorded?: true;
}

/** Options of {@link AuditTrail}. */
export interface TrailOptions {
  readonly sink: AuditSink;
  readonly spool: AuditSpool;
  /** Signs every line (see `signHash`). Never written anywhere. @default unsigned */
  readonly key?: string;
  /** Milliseconds since the epoch; the pause after a failure is measured with it. @default Date.now */
  readonly clock?: () => number;
  /**
   * How long after a failed write the sink is left alone, lines going straight to the spool, so
   * that a sink that is away costs one timeout per deployment, not one per resource.
   * @default 30000
   */
  readonly pauseMs?: number;
  /**
   * How many lines back from the head {@link AuditTrail.recordOnce} looks for the line that
   * already records its step; the lines read are kept for the process's later lookups.
   * @default 1000
   */
  readonly lookback?: number;
}

/** What an earlier line says of its step, for {@link recordsSameResult}. */
export type EarlierStep = Pick<AuditEvent, "digestAfter"> & {
  readonly action: string;
  readonly outcome: string;
};

/**
 * Pure: whether an earlier line about a resource already records what `event` records, so that
 * writing `event` would record one operation twice: it is a success that left the same digest
 * (a create's, or an update's whose state was lost since).
 */
export function recordsSameResult(earlier: EarlierStep, event: AuditEvent): boolean {
  return (
    earlier.outcome === "success" &&
    (earlier.action === "create" || earlier.action === "update") &&
    earlier.digestAfter === event.digestAfter
  );
}

function storedOf(line: AuditLine): StoredLine {
  const { seq = 0, resource, widgetId, action, outcome, digestAfter, spoolId, hash } = line;
  return {
    seq,
    resource,
    widgetId,
    action,
    outcome,
    digestAfter,
    ...(spoolId === undefined ? {} : { spoolId }),
    hash,
  };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * A sink with a local spool in front: a line that cannot be written is kept in the spool, and
 * every later record first writes what the spool holds, oldest first, as does {@link catchUp}
 * at the start of every process. So a deployment never fails because the sink is briefly away,
 * and never drops a line: only a spool that cannot be written either makes {@link record}
 * reject. A spooled line is written once even when a flush dies between writing it and removing
 * it from the spool. Records of one process are written one at a time.
 */
export class AuditTrail {
  private queue: Promise<unknown> = Promise.resolve();
  private pausedUntil = 0;
  private lastFailure = "";
  private caughtUp: Promise<void> | undefined;
  private recent: RecentLines | undefined;

  constructor(private readonly options: TrailOptions) {}

  get location(): string {
    return this.options.sink.location;
  }

  /** Writes one event at `time` (ISO 8601), or spools it; see {@link Recorded}. */
  record(event: AuditEvent, time: string): Promise<Recorded> {
    return this.enqueue(() => this.write(event, time));
  }

  /**
   * Like {@link record}, unless the latest line about the event's resource (in the spool, or
   * among the sink's last `lookback` lines) already records the same result (see
   * {@link recordsSameResult}): then nothing is written, and that line's anchor is returned. For
   * a create that finds its own earlier write, whose result never reached the state: one
   * operation, one line. When the sink cannot be read, only the spool is looked through.
   */
  recordOnce(event: AuditEvent, time: string): Promise<Recorded> {
    return this.enqueue(async () => {
      if (this.open()) {
        try {
          await this.flushSpool();
        } catch (error) {
          this.pause(error);
        }
      }
      const earlier = await this.latestAbout(event);
      if (earlier !== undefined && recordsSameResult(earlier, event))
        return { anchor: earlier.anchor, alreadyRecorded: true };
      return this.write(event, time);
    });
  }

  /**
   * Writes every spooled line to the sink, oldest first, each chained where the head is then.
   * Rejects at the first that cannot be written; it and the rest stay spooled.
   */
  flush(): Promise<number> {
    return this.enqueue(() => this.flushSpool());
  }

  /**
   * Writes what the spool holds, once per process: every command (a preview or a no-op up, which
   * call only check and diff, and a refresh, which calls only read) goes through here, so lines
   * never wait on a machine for the next create, update or delete. Never rejects: it tells `warn`
   * what it wrote, or, when the sink is away, how many lines still wait and why.
   */
  catchUp(warn: (message: string) => void): Promise<void> {
    this.caughtUp ??= this.enqueue(async () => {
      const spool = this.options.spool;
      try {
        const waiting = (await spool.pending()).length;
        if (waiting === 0) return;
        if (!this.open()) {
          warn(this.stillSpooled(waiting));
          return;
        }
        try {
          const written = await this.flushSpool();
          if (written > 0)
            warn(
              `${this.location}: wrote ${plural(written, "audit line", "audit lines")} that waited in ${spool.dir} while the sink was away`,
            );
        } catch (error) {
          this.pause(error);
          warn(this.stillSpooled((await spool.pending()).length));
        }
      } catch (error) {
        // The spool itself cannot be read: the steps that write it will say so, and fail.
        warn(
          `warning: the audit spool ${spool.dir} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    return this.caughtUp;
  }

  private stillSpooled(count: number): string {
    return (
      `warning: ${plural(count, "audit line still waits", "audit lines still wait")} in ${this.options.spool.dir} ` +
      `until ${this.location} can be written (${this.lastFailure || "it failed moments ago"}); ` +
      "the next pulumi preview, up, refresh or destroy here writes them first"
    );
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Whether the sink may be tried: the pause after its last failure is over. */
  private open(): boolean {
    return (this.options.clock ?? Date.now)() >= this.pausedUntil;
  }

  private pause(error: unknown): void {
    this.pausedUntil = (this.options.clock ?? Date.now)() + (this.options.pauseMs ?? 30_000);
    this.lastFailure = error instanceof Error ? error.message : String(error);
  }

  private async write(event: AuditEvent, time: string): Promise<Recorded> {
    if (this.open()) {
      try {
        await this.flushSpool();
        const line = await this.options.sink.append(event, { time, ...this.signing() });
        this.recent?.saw(storedOf(line));
        return { anchor: line.hash, line };
      } catch (error) {
        this.pause(error);
      }
    }
    const entry = await this.options.spool.put(time, event);
    return {
      anchor: `${SPOOL_ANCHOR}${entry.spoolId}`,
      spooled: { entry, spoolDir: this.options.spool.dir, reason: this.lastFailure },
    };
  }

  /** The latest line about the event's resource: in the spool, else in the sink when it can be read. */
  private async latestAbout(
    event: AuditEvent,
  ): Promise<(EarlierStep & { readonly anchor: string }) | undefined> {
    const subject = subjectOf(event);
    // A spool that cannot be read holds nothing to find: the step's own line is then written.
    const entries = await this.options.spool.entries().catch(() => []);
    const spooled = entries.find((e) => subjectOf(e.event) === subject);
    if (spooled !== undefined)
      return { ...spooled.event, anchor: `${SPOOL_ANCHOR}${spooled.spoolId}` };
    if (!this.open()) return undefined;
    try {
      this.recent ??= new RecentLines(this.options.sink, this.options.lookback ?? 1000);
      const line = await this.recent.latestAbout(subject);
      return line === undefined ? undefined : { ...line, anchor: line.hash };
    } catch (error) {
      this.pause(error);
      return undefined;
    }
  }

  private async flushSpool(): Promise<number> {
    let head: number | undefined;
    let written = 0;
    for (const name of await this.options.spool.pending()) {
      const claim = await this.options.spool.claim(name);
      if (claim === undefined) continue;
      try {
        const { spoolId, time, event, after } = claim.entry;
        const found =
          after === undefined
            ? undefined
            : await findSpooledLine(this.options.sink, spoolId, after);
        if (found === undefined) {
          head ??= (await this.options.sink.head())?.seq ?? 0;
          await claim.attempt(head);
          const line = await this.options.sink.append(event, { time, spoolId, ...this.signing() });
          this.recent?.saw(storedOf(line));
        }
      } catch (error) {
        await claim.release();
        throw error;
      }
      await claim.done();
      written += 1;
    }
    return written;
  }

  private signing(): { key?: string } {
    return this.options.key === undefined ? {} : { key: this.options.key };
  }
}

/** Where a process's audit lines go: what `cxone:audit` and the settings beside it say. */
export interface AuditSettings {
  /** A directory or a URL (see `openSink`). */
  readonly location: string;
  /** Where the location came from, for messages, such as `cxone:audit`. */
  readonly source: string;
  /** The HMAC key that signs every line. @default unsigned */
  readonly key?: string | undefined;
  /** The spool's root folder. */
  readonly spoolDir: string;
}

/**
 * The audit trails of one process, by settings: part of its context, so that every step of every
 * resource in the process is chained by one writer and waits behind one queue, and a test (or
 * the next deployment, a new process) starts with none open.
 */
export class AuditTrails {
  private readonly trails = new Map<string, AuditTrail>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trail for these settings, opened once and then shared. */
  open(settings: AuditSettings): AuditTrail {
    const id = JSON.stringify([settings.location, settings.spoolDir, sha256(settings.key ?? "")]);
    let trail = this.trails.get(id);
    if (trail === undefined) {
      trail = new AuditTrail({
        sink: openSink(settings.location, settings.source, { env: this.env }),
        spool: new AuditSpool(settings.spoolDir, settings.location),
        ...(settings.key === undefined ? {} : { key: settings.key }),
      });
      this.trails.set(id, trail);
    }
    return trail;
  }
}
