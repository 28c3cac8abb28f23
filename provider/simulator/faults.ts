import { pickByChance, seededRandom } from "./seeded-random";

/** What the simulator can do to a request instead of, or before, serving it. */
export type Fault =
  | { readonly type: "status"; readonly status: number; readonly retryAfter?: string }
  | { readonly type: "reset" }
  | { readonly type: "delay"; readonly ms: number }
  | { readonly type: "expire-tokens" }
  | { readonly type: "concurrent-modification" };

/** Which requests a fault applies to. */
export type FaultRoute = "token" | "widget-get" | "widget-put" | "widget" | "any";

/** A fault waiting in the script for the next request it matches. */
export interface ScriptedFault {
  readonly fault: Fault;
  /** @default "widget" */
  readonly route?: FaultRoute;
}

/** Chances, per widget request, of each random fault. */
export interface FaultProbabilities {
  readonly status500?: number;
  readonly status503?: number;
  /** A 429 with `Retry-After: 1`, as a tenant under load from other clients answers. */
  readonly status429?: number;
  readonly reset?: number;
  readonly slow?: number;
  /** How slow a slow response is. @default 15000 */
  readonly slowMs?: number;
  /**
   * Per PUT only: another writer edits the widget between the client's read and its write, so
   * the PUT meets a 412.
   */
  readonly concurrentEdit?: number;
}

function matches(route: FaultRoute, actual: Exclude<FaultRoute, "widget" | "any">): boolean {
  return route === "any" || route === actual || (route === "widget" && actual !== "token");
}

/**
 * Scripted faults, served in order to the requests they match, for exact tests; and random
 * faults drawn from a seeded source, for soak runs that can be replayed.
 */
export class FaultPlan {
  private readonly script: ScriptedFault[] = [];
  private random: () => number;

  constructor(
    private probabilities: FaultProbabilities = {},
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  /** Queues faults for the next matching requests, in order. */
  enqueue(...faults: ScriptedFault[]): void {
    this.script.push(...faults);
  }

  /** Replaces the random fault chances and reseeds. */
  setProbabilities(probabilities: FaultProbabilities, seed = 1): void {
    this.probabilities = probabilities;
    this.random = seededRandom(seed);
  }

  /** Drops every scripted and random fault. */
  clear(): void {
    this.script.length = 0;
    this.probabilities = {};
  }

  /** Scripted faults not yet served. */
  get pending(): number {
    return this.script.length;
  }

  /** The fault for this request, if any: the first matching scripted one, else a random draw. */
  next(route: Exclude<FaultRoute, "widget" | "any">): Fault | undefined {
    const index = this.script.findIndex((s) => matches(s.route ?? "widget", route));
    if (index >= 0) return this.script.splice(index, 1)[0]?.fault;
    if (route === "token") return undefined;
    const p = this.probabilities;
    return pickByChance<Fault>(this.random(), [
      [p.status500, { type: "status", status: 500 }],
      [p.status503, { type: "status", status: 503 }],
      [p.status429, { type: "status", status: 429, retryAfter: "1" }],
      [p.reset, { type: "reset" }],
      [p.slow, { type: "delay", ms: p.slowMs ?? 15_000 }],
      [route === "widget-put" ? p.concurrentEdit : 0, { type: "concurrent-modification" }],
    ]);
  }
}
