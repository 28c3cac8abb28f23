import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "../waf/standard-webhooks";
import { pickByChance, seededRandom } from "./seeded-random";

/** A delivery the receiver verified and processed. */
export interface AcceptedDelivery {
  readonly id: string;
  readonly timestamp: number;
  readonly type: string;
  readonly payload: unknown;
  /** The raw body, byte for byte, for independent re-verification. */
  readonly body: string;
  readonly signature: string;
  readonly receivedAt: string;
}

/** One request, as the receiver answered it. */
export interface ReceiverAttempt {
  readonly id: string | undefined;
  readonly status: number | "reset";
  readonly reason: string;
}

/**
 * A fault the receiver serves for the next delivery: an answer instead of processing it, a reset
 * before processing it, or "lost-ack": processing it and then dropping the connection before the
 * answer.
 */
export type ReceiverFault =
  | { readonly status: number; readonly retryAfter?: string; readonly location?: string }
  | "reset"
  | "lost-ack";

/** Chances, per delivery, of each random fault. */
export interface ReceiverFaultProbabilities {
  readonly status503?: number;
  /** The connection drops before the delivery is processed. */
  readonly reset?: number;
  /**
   * The delivery is processed, then the connection drops before the answer: the sender must
   * retry, and the retry must not be processed twice.
   */
  readonly lostAck?: number;
}

/** Options of {@link WafReceiver}. */
export interface WafReceiverOptions {
  /** The `whsec_` secret deliveries are signed with. */
  readonly secret: string;
  /** How far a timestamp may be from now. @default 300 */
  readonly toleranceSeconds?: number;
  /** @default 0 */
  readonly port?: number;
  /** @default Date.now */
  readonly now?: () => number;
  readonly log?: (line: string) => void;
  readonly faults?: ReceiverFaultProbabilities;
  /** Seed of the random fault source. @default 1 */
  readonly seed?: number;
}

/**
 * A stand-in for the company's WAF webhook endpoint on 127.0.0.1: it verifies Standard Webhooks
 * signatures in constant time, rejects stale timestamps and bad signatures with 401, processes a
 * repeated webhook-id once (and says so), can fail on purpose, and keeps what it accepted.
 */
export class WafReceiver {
  readonly deliveries: AcceptedDelivery[] = [];
  readonly attempts: ReceiverAttempt[] = [];
  private readonly faults: ReceiverFault[] = [];
  private readonly random: () => number;
  private readonly server: Server;
  private port: number | undefined;

  constructor(private readonly options: WafReceiverOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Listens on 127.0.0.1. */
  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The delivery URL. */
  get url(): string {
    if (this.port === undefined) throw new Error("the WAF receiver is not started");
    return `http://127.0.0.1:${this.port}/hooks/waf`;
  }

  /** Answers the next deliveries with these faults, in order. */
  failNext(...faults: ReceiverFault[]): void {
    this.faults.push(...faults);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => resolve(text));
    });
    const id = header(req, "webhook-id");
    const answer = (
      status: number,
      reason: string,
      extra: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => {
      this.attempts.push({ id, status, reason });
      this.options.log?.(
        `${new Date().toISOString()} WAF ${req.method ?? ""} ${status} ${id ?? "-"} ${reason}`,
      );
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify({ message: reason, ...extra }));
    };
    const fault = this.faults.shift() ?? this.draw();
    if (fault === "reset") {
      this.attempts.push({ id, status: "reset", reason: "injected reset" });
      req.socket.destroy();
      return;
    }
    if (typeof fault === "object") {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      if (fault.location !== undefined) headers.location = fault.location;
      answer(fault.status, `injected ${fault.status}`, {}, headers);
      return;
    }
    const verdict = this.judge(req, id, body);
    if ("status" in verdict) {
      answer(verdict.status, verdict.reason, verdict.extra);
      return;
    }
    this.deliveries.push(verdict.accepted);
    if (fault === "lost-ack") {
      this.attempts.push({ id, status: "reset", reason: "processed, then injected reset" });
      req.socket.destroy();
      return;
    }
    answer(200, "processed", { duplicate: false });
  }

  /**
   * What a request that met no injected fault gets: accepted as a delivery, or the answer that
   * refuses it (a wrong endpoint, a bad signature or timestamp, a repeat, a body not JSON).
   */
  private judge(
    req: IncomingMessage,
    id: string | undefined,
    body: string,
  ):
    | { accepted: AcceptedDelivery }
    | { status: number; reason: string; extra?: Record<string, unknown> } {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== "/hooks/waf")
      return { status: 404, reason: "no such endpoint" };
    const now = this.options.now?.() ?? Date.now();
    const signature = header(req, "webhook-signature");
    const timestamp = header(req, "webhook-timestamp");
    const result = verify(
      this.options.secret,
      { id, timestamp, signature },
      body,
      Math.floor(now / 1000),
      this.options.toleranceSeconds ?? 300,
    );
    if (!result.ok) return { status: 401, reason: result.reason };
    if (this.deliveries.some((d) => d.id === id))
      return {
        status: 200,
        reason: "duplicate webhook-id: already processed, ignored",
        extra: { duplicate: true },
      };
    let payload: { type?: unknown };
    try {
      payload = JSON.parse(body) as { type?: unknown };
    } catch {
      return { status: 400, reason: "body is not JSON" };
    }
    return {
      accepted: {
        id: id ?? "",
        timestamp: Number(timestamp),
        type: typeof payload.type === "string" ? payload.type : "",
        payload,
        body,
        signature: signature ?? "",
        receivedAt: new Date(now).toISOString(),
      },
    };
  }

  private draw(): ReceiverFault | undefined {
    const p = this.options.faults ?? {};
    return pickByChance<ReceiverFault>(this.random(), [
      [p.status503, { status: 503 }],
      [p.reset, "reset"],
      [p.lostAck, "lost-ack"],
    ]);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
