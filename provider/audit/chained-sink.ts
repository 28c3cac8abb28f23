import { AuditSinkError } from "../errors/state-errors";
import {
  chainLine,
  type AuditEvent,
  type AuditLine,
  type ChainLink,
  type LineContext,
} from "./audit-log";
import type { AuditSink, LineStore } from "./audit-sink";

/** Options of {@link ChainedSink}. */
export interface ChainOptions {
  /**
   * How many numbers a writer tries for one line before it gives up (the line is then spooled):
   * each failed try means another writer's line landed, so the chain moved on meanwhile. Ample,
   * because a writer slower than busy rivals can lose many times before they pause.
   * @default 5000
   */
  readonly maxAttempts?: number;
  /** Waits between tries. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** How many lines {@link ChainedSink.read} fetches ahead. @default 16 */
  readonly readAhead?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An {@link AuditSink} over any {@link LineStore}: each line is stored at the next sequence
 * number, written only where no line is yet, so two writers racing for one number cannot both
 * win and the chain never forks. The loser reads the lines that beat it, re-chains onto the last
 * and tries the next number, after a short random pause that spreads racing writers apart.
 *
 * A writer remembers the head it last saw, so that an append costs one write when nobody else
 * wrote meanwhile; otherwise one read per line written by others. Nothing grows with the trail.
 */
export class ChainedSink implements AuditSink {
  private known: ChainLink | undefined;

  constructor(
    private readonly store: LineStore,
    private readonly options: ChainOptions = {},
  ) {}

  get location(): string {
    return this.store.location;
  }

  async append(event: AuditEvent, context: LineContext): Promise<AuditLine> {
    const maxAttempts = this.options.maxAttempts ?? 5000;
    let head = this.known ?? (await this.head());
    for (let attempt = 1; ; attempt++) {
      const line = chainLine(head, event, context);
      const text = JSON.stringify(line);
      if (await this.store.create(line.seq, text)) {
        this.remember({ seq: line.seq, text });
        await this.store.noteHead(line.seq);
        return line;
      }
      if (attempt >= maxAttempts) {
        throw new AuditSinkError(
          this.location,
          `no free sequence number after ${attempt} tries: other writers took each one first`,
        );
      }
      // Jump to the head the hint names rather than read every line the winners wrote: a writer
      // that reads them one by one can fall behind busy writers for good.
      head = await this.head();
      const random = this.options.random ?? Math.random;
      await (this.options.sleep ?? sleep)(Math.floor(random() * Math.min(200, 2 * attempt)));
    }
  }

  async head(): Promise<ChainLink | undefined> {
    const hint = await this.store.headHint();
    const text = hint > 0 ? await this.store.get(hint) : undefined;
    // No hint yet, or one past the last line (the trail was cut short): list what is there.
    const start = text === undefined ? await this.lastListed() : { seq: hint, text };
    const head = await this.forward(start);
    if (head !== undefined) this.remember(head);
    return head;
  }

  async line(seq: number): Promise<ChainLink | undefined> {
    const text = await this.store.get(seq);
    return text === undefined ? undefined : { seq, text };
  }

  headHint(): Promise<number> {
    return this.store.headHint();
  }

  async *read(): AsyncIterable<ChainLink> {
    const ahead = this.options.readAhead ?? 16;
    const pending: Array<Promise<ChainLink | undefined>> = [];
    const fetch = async (seq: number) => {
      const text = await this.store.get(seq);
      return text === undefined ? undefined : { seq, text };
    };
    for await (const seq of this.store.list()) {
      pending.push(fetch(seq));
      if (pending.length >= ahead) {
        const link = await pending.shift();
        if (link !== undefined) yield link;
      }
    }
    for (const next of pending) {
      const link = await next;
      if (link !== undefined) yield link;
    }
  }

  /** The last line from `from` on: reads forward until a number has no line. */
  private async forward(from: ChainLink | undefined): Promise<ChainLink | undefined> {
    let head = from;
    for (;;) {
      const seq = (head?.seq ?? 0) + 1;
      const text = await this.store.get(seq);
      if (text === undefined) return head;
      head = { seq, text };
    }
  }

  private async lastListed(): Promise<ChainLink | undefined> {
    let last: number | undefined;
    for await (const seq of this.store.list()) last = seq;
    if (last === undefined) return undefined;
    const text = await this.store.get(last);
    return text === undefined ? undefined : { seq: last, text };
  }

  private remember(link: ChainLink): void {
    if (this.known === undefined || link.seq > this.known.seq) this.known = link;
  }
}
