import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import type { LiveWidget } from "../inventory/live-widget";
import type { GuardrailFinding } from "../inventory/scan-report";
import type { GuardrailSetting } from "./guardrails";
import type { GuardrailsRequest, GuardrailsWorkerData } from "./guardrails-worker";

const findingSchema = z.object({
  guardrail: z.string(),
  level: z.enum(["mandatory", "advisory"]),
  message: z.string(),
});

const replySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ready"), guardrails: z.array(z.string()) }),
  z.object({ kind: z.literal("findings"), id: z.number(), findings: z.array(findingSchema) }),
  z.object({ kind: z.literal("failed"), message: z.string() }),
]);

/**
 * The guardrails pack's checks of a scan's widgets, in a worker thread (see
 * `guardrails-worker.ts`) so that loading the pack does not hold up the paced reads. A widget
 * is sent as soon as it is read; {@link results} waits for every answer.
 */
export class GuardrailChecks {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (findings: GuardrailFinding[]) => void>();
  private readonly answers: Array<Promise<[string, GuardrailFinding[]]>> = [];
  private readonly ready: Promise<string[]>;
  private failure: Error | undefined;
  private next = 0;

  /** Starts the worker on the pack at `file`, with the config `settings`. */
  constructor(
    file: string,
    settings: ReadonlyMap<string, GuardrailSetting>,
    configFile: string | undefined,
    stack: string,
  ) {
    const workerData: GuardrailsWorkerData = { file, settings: [...settings], configFile, stack };
    this.worker = new Worker(join(__dirname, "guardrails-worker.js"), { workerData });
    let markReady: (guardrails: string[]) => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.worker.on("message", (message: unknown) => {
      const reply = replySchema.safeParse(message);
      if (!reply.success) return this.fail(new Error("the guardrails worker answered nonsense"));
      if (reply.data.kind === "ready") markReady(reply.data.guardrails);
      else if (reply.data.kind === "failed") this.fail(new Error(reply.data.message));
      else {
        this.waiting.get(reply.data.id)?.(reply.data.findings);
        this.waiting.delete(reply.data.id);
      }
    });
    this.worker.on("error", (error) => this.fail(error));
    // A worker that ends before answering everything failed, whatever its exit code.
    this.worker.on("exit", () => this.fail(new Error("the guardrails worker stopped")));
  }

  /** Sends a widget to be checked; its findings come with {@link results}. */
  check(widget: LiveWidget): void {
    const request: GuardrailsRequest = { id: this.next++, widget };
    this.answers.push(
      new Promise((resolve) => {
        this.waiting.set(request.id, (findings) => resolve([widget.widgetId, findings]));
      }),
    );
    this.worker.postMessage(request);
  }

  /**
   * The names of the pack's guardrails, and the findings of every widget sent, by widget id.
   * Throws the first failure: a pack that cannot be loaded, a config naming no policy of it, a
   * guardrail that throws. Stops the worker.
   */
  async results(): Promise<{ guardrails: string[]; findings: Map<string, GuardrailFinding[]> }> {
    try {
      const failed = new Promise<never>((_, reject) => {
        this.onFailure = reject;
        if (this.failure !== undefined) reject(this.failure);
      });
      const guardrails = await Promise.race([this.ready, failed]);
      const findings = await Promise.race([Promise.all(this.answers), failed]);
      return { guardrails, findings: new Map(findings) };
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the worker, for a scan that ends before asking for {@link results}. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private onFailure: ((error: Error) => void) | undefined;

  private fail(error: Error): void {
    this.failure ??= error;
    this.onFailure?.(this.failure);
  }
}
