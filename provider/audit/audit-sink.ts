import type { AuditEvent, AuditLine, ChainLink, LineContext } from "./audit-log";

/**
 * Where audit lines go: a chain of lines, one per sequence number, that several writers on
 * several machines extend without forking it. Implementations are chosen by the scheme of the
 * configured location (see `audit-sinks.ts`).
 */
export interface AuditSink {
  /** The location, as configured: a directory or a URL. It holds no credential. */
  readonly location: string;
  /**
   * Appends one event as the next line of the chain and returns the line written. Two writers
   * racing for one sequence number cannot both win: the loser re-reads the head, re-chains its
   * line and tries the next number. Rejects when the sink cannot be reached or written.
   */
  append(event: AuditEvent, context: LineContext): Promise<AuditLine>;
  /** The line at the head of the chain, or undefined when the chain is empty. */
  head(): Promise<ChainLink | undefined>;
  /** Line `seq`, or undefined when the sink holds none at that number. */
  line(seq: number): Promise<ChainLink | undefined>;
  /**
   * Where the head was last noted (0: nowhere yet). Every line up to it was written once, so a
   * chain that ends before it has lost lines. A lower bound: lines may follow it.
   */
  headHint(): Promise<number>;
  /**
   * Every stored line in sequence order, with its number. A missing number shows as a gap
   * between two yielded numbers.
   */
  read(): AsyncIterable<ChainLink>;
}

/**
 * The storage a {@link AuditSink} chains its lines in: text by sequence number, written only
 * where nothing is yet, and a hint where the head was last seen. Each kind of sink provides one.
 */
export interface LineStore {
  /** See {@link AuditSink.location}. */
  readonly location: string;
  /** The text of line `seq`, or undefined when there is none. */
  get(seq: number): Promise<string | undefined>;
  /**
   * Writes line `seq` unless a line with that number exists; false when one does (another
   * writer got there first). The line appears whole or not at all.
   */
  create(seq: number, text: string): Promise<boolean>;
  /** Where the head was last seen (0: nowhere yet). Only a starting point: lines may follow it. */
  headHint(): Promise<number>;
  /** Notes that line `seq` was just written; the store may keep it as the next hint. */
  noteHead(seq: number): Promise<void>;
  /** Every sequence number stored, ascending. */
  list(): AsyncIterable<number>;
}

/** What opening a sink needs besides its location. */
export interface SinkOptions {
  /** The environment, for credentials and endpoints of a remote sink. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * One kind of audit sink, registered in `audit-sinks.ts` under the URL scheme it serves. `open`
 * refuses, with an error naming the setting, the value and the rule, a location it cannot use.
 */
export interface SinkKind {
  /** What the kind is, for messages, such as `a directory` or `an S3 bucket`. */
  readonly describe: string;
  /** An example location, for messages. */
  readonly example: string;
  open(location: string, source: string, options: SinkOptions): AuditSink;
}
