import type { Redaction } from "../errors/redact";
import type { Clock } from "../time/clock";
import type { AuditEvent } from "./audit-log";
import type { AuditTrail, Recorded } from "./audit-trail";

/** What every step of one provider shares. */
export interface RecorderOptions {
  /** Where the lines go. */
  readonly trail: AuditTrail;
  /** The clock: the time of each line and the latency of each step. */
  readonly clock: Clock;
  /** The process's secrets, taken out of every message written. */
  readonly redaction: Redaction;
  /** Secrets of this step that the process's set may not hold yet (a resource's credentials). */
  readonly secrets?: ReadonlyArray<string | undefined>;
  /**
   * Told when a line was spooled instead of written: the user should know the trail lags.
   * @default console.error
   */
  readonly warn?: (message: string) => void;
}

/** What a step is about, as it begins. */
export type StepStart = Pick<AuditEvent, "resource" | "widgetId" | "action" | "digestBefore">;

/**
 * One deployment step on its way to the audit trail: begun before the first request, it
 * collects the request ids, then is written once, as a success with the digest it left, or as
 * a failure with its error, redacted. Latency is measured with the recorder's clock, so that
 * tests can fake it. A line the sink cannot take is spooled, with a warning; see `AuditTrail`.
 */
export class RecordedStep {
  private readonly started: number;
  private readonly requestIds: string[] = [];
  private discardedPolicyJson: string | undefined;
  private changedProperties: readonly string[] | undefined;
  private noted: Pick<AuditEvent, "note" | "originalSettingsJson"> = {};
  private written: Recorded | undefined;

  constructor(
    private readonly options: RecorderOptions,
    private start: StepStart,
  ) {
    this.started = options.clock.now();
  }

  /** The anchor of the line this step wrote (see `Recorded.anchor`), once written. */
  get anchor(): string | undefined {
    return this.written?.anchor;
  }

  /** The digest the widget had, once known (a create learns it from its first read). */
  before(digest: string | null): this {
    this.start = { ...this.start, digestBefore: digest };
    return this;
  }

  /** Records the exact JSON of an adopted policy this step leaves unrestored (see `AuditEvent`). */
  discarded(policyJson: string): this {
    this.discardedPolicyJson = policyJson;
    return this;
  }

  /**
   * Records how the outcome differs from what was asked (see `AuditEvent.note`), redacted, and
   * what it keeps of the original (see `AuditEvent.originalSettingsJson`).
   */
  note(text: string, kept: Pick<AuditEvent, "originalSettingsJson"> = {}): this {
    this.noted = { note: this.redact(text), ...kept };
    return this;
  }

  /** Records the properties an update changed (see `AuditEvent.changed`). */
  changed(properties: readonly string[]): this {
    this.changedProperties = [...properties];
    return this;
  }

  /** Adds CXone request ids, or WAF delivery ids; undefined ones are skipped. */
  add(...ids: ReadonlyArray<string | undefined>): this {
    for (const id of ids) if (id !== undefined) this.requestIds.push(id);
    return this;
  }

  /**
   * Writes the step as done, leaving `digestAfter`.
   * @param outcome @default "success"
   */
  succeed(
    digestAfter: string | null,
    outcome: AuditEvent["outcome"] = "success",
    error?: unknown,
  ): Promise<Recorded> {
    return this.write(digestAfter, outcome, error === undefined ? undefined : this.message(error));
  }

  /**
   * Writes the step as done, unless the line of an earlier run of this very step is already
   * there: a create that finds its own claim and the policy it would write on the widget, left by
   * a create whose result never reached the state (the engine died first). That line then
   * stands for both, and nothing is written: one operation, one line (see
   * `AuditTrail.recordOnce`).
   */
  succeedUnlessRecorded(digestAfter: string | null): Promise<Recorded> {
    return this.write(digestAfter, "success", undefined, true);
  }

  /**
   * Writes the step as failed, with the error's message redacted, and `digestAfter` when a
   * write landed before the failure. Returns that message.
   */
  async fail(error: unknown, digestAfter: string | null = null): Promise<string> {
    const message = this.message(error);
    await this.write(digestAfter, "failure", message);
    return message;
  }

  /** The error's message, redacted of the recorder's secrets and of anything shaped like a token. */
  message(error: unknown): string {
    return this.redact(error instanceof Error ? error.message : String(error));
  }

  /** Text redacted of the recorder's secrets and of anything shaped like a token. */
  redact(text: string): string {
    return this.options.redaction.apply(text, this.options.secrets);
  }

  private async write(
    digestAfter: string | null,
    outcome: AuditEvent["outcome"],
    error: string | undefined,
    once = false,
  ): Promise<Recorded> {
    const now = new Date(this.options.clock.now());
    const event: AuditEvent = {
      ...this.start,
      digestAfter,
      requestIds: [...this.requestIds],
      latencyMs: now.getTime() - this.started,
      outcome,
      ...(error === undefined ? {} : { error }),
      ...(this.discardedPolicyJson === undefined
        ? {}
        : { discardedPolicyJson: this.discardedPolicyJson }),
      ...(this.changedProperties === undefined ? {} : { changed: this.changedProperties }),
      ...this.noted,
    };
    const { trail } = this.options;
    const recorded = await (once
      ? trail.recordOnce(event, now.toISOString())
      : trail.record(event, now.toISOString()));
    this.written = recorded;
    if (recorded.spooled !== undefined) {
      const { resource, action, widgetId } = this.start;
      (this.options.warn ?? console.error)(
        this.redact(
          `warning: the audit line of this ${action} (${resource} ${widgetId}) is kept in ${recorded.spooled.spoolDir} ` +
            `until ${this.options.trail.location} can be written (${recorded.spooled.reason || "it failed moments ago"}); ` +
            "the next pulumi preview, up, refresh or destroy here writes it there first",
        ),
      );
    }
    return recorded;
  }
}
