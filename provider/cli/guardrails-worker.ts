/**
 * The guardrails pack, run in a worker thread for `scan`. Loading the pack loads this package's
 * public entry point and with it `@pulumi/pulumi`, seconds of synchronous work on a busy
 * machine: on the main thread it would stop the paced reads for that long. Here it runs beside
 * them. Started by {@link GuardrailChecks}; answers each widget it is sent with the findings.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { LiveWidget } from "../inventory/live-widget";
import {
  checkGuardrailNames,
  loadGuardrails,
  runGuardrails,
  type GuardrailSetting,
} from "./guardrails";

/** What the worker is started with. */
export interface GuardrailsWorkerData {
  /** The pack's guardrails module (see `guardrailsModule`). */
  readonly file: string;
  readonly settings: ReadonlyArray<[string, GuardrailSetting]>;
  /** The config file, for messages. */
  readonly configFile: string | undefined;
  /** The stack a widget no stack manages is checked on. */
  readonly stack: string;
}

/** A widget to check, by the number of its request. */
export interface GuardrailsRequest {
  readonly id: number;
  readonly widget: LiveWidget;
}

/** The worker's answers: the pack's guardrail names once loaded, findings per request, or failure. */
export type GuardrailsReply =
  | { readonly kind: "ready"; readonly guardrails: string[] }
  | { readonly kind: "findings"; readonly id: number; readonly findings: unknown[] }
  | { readonly kind: "failed"; readonly message: string };

const port = parentPort;
if (port !== null) {
  const data = workerData as GuardrailsWorkerData;
  const fail = (error: unknown) =>
    port.postMessage({
      kind: "failed",
      message: error instanceof Error ? error.message : String(error),
    } satisfies GuardrailsReply);
  try {
    const pack = loadGuardrails(data.file);
    const settings = new Map(data.settings);
    checkGuardrailNames(settings, pack, data.configFile ?? "");
    port.postMessage({
      kind: "ready",
      guardrails: pack.guardrails.map((r) => r.name),
    } satisfies GuardrailsReply);
    port.on("message", (request: GuardrailsRequest) => {
      runGuardrails(pack.guardrails, settings, request.widget, data.stack).then(
        (findings) =>
          port.postMessage({
            kind: "findings",
            id: request.id,
            findings,
          } satisfies GuardrailsReply),
        fail,
      );
    });
  } catch (error) {
    fail(error);
  }
}
