import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultPlan, type Fault, type FaultProbabilities } from "./faults";
import { HttpReply } from "./http-reply";
import { RateBucket, type RateLimitHeaderStyle } from "./rate-bucket";
import {
  DEMO_ACCESS_KEY,
  DEMO_CREDENTIALS,
  TokenEndpoint,
  type SimulatorAccessKey,
  type SimulatorClient,
} from "./token-endpoint";
import { WidgetRoutes, type WidgetListMode } from "./widget-routes";
import { defaultWidgets, WidgetStore, type StoredWidget } from "./widget-store";

export {
  ALL_SCOPES,
  DEMO_ACCESS_KEY,
  DEMO_CREDENTIALS,
  type SimulatorAccessKey,
  type SimulatorClient,
} from "./token-endpoint";
export { RATE_LIMIT_HEADER_STYLES, type RateLimitHeaderStyle } from "./rate-bucket";
export { WIDGET_LIST_MODES, WIDGET_PAGE, type WidgetListMode } from "./widget-routes";

/** The simulated tenant's id, which API discovery answers for; for the demo and tests only. */
export const DEMO_TENANT_ID = "11ee0000-5eed-4c0e-9000-00000000c0de";

/** The area the discovery document names; its auth host would be `https://sim.nice-incontact.com`. */
export const SIMULATOR_AREA = "sim";

/** Options of {@link CxoneSimulator}. */
export interface SimulatorOptions {
  /** @default 0, any free port */
  readonly port?: number;
  /** @default one client, demo-client / demo-secret */
  readonly clients?: readonly SimulatorClient[];
  /** @default one access key, {@link DEMO_ACCESS_KEY} */
  readonly accessKeys?: readonly SimulatorAccessKey[];
  /** The tenant id API discovery answers for. @default {@link DEMO_TENANT_ID} */
  readonly tenantId?: string;
  /** Token lifetime in seconds. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** Tenant rate limit on API routes, per second (burst is the same). @default 10 */
  readonly rateLimitPerSecond?: number;
  /** How 429 responses give Retry-After. @default "seconds" */
  readonly retryAfterFormat?: "seconds" | "date";
  /**
   * Rate-limit fields on every API answer, 429s included (see {@link RateLimitHeaderStyle}).
   * @default "none", as no CXone documentation describes any
   */
  readonly rateLimitHeaders?: RateLimitHeaderStyle;
  /** @default {@link defaultWidgets} */
  readonly widgets?: readonly StoredWidget[];
  /** How the tenant answers the list of widgets (an assumption). @default "paged" */
  readonly widgetList?: WidgetListMode;
  /** Keep widgets in this JSON file across restarts. */
  readonly persistPath?: string;
  readonly faults?: FaultProbabilities;
  /** Seed of the random fault source. @default 1 */
  readonly seed?: number;
  /** Called with one line per request; nothing secret is in it. */
  readonly log?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/** One request, as the simulator saw it. */
export interface RequestLogEntry {
  readonly requestId: string;
  /** When the request arrived, ms since the epoch (the simulator's clock). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number | "reset";
  readonly fault?: string;
  readonly clientId?: string;
  readonly durationMs: number;
}

/** The collection of widgets; a widget is `WIDGETS_PATH/{id}`. */
const WIDGETS_PATH = "/api/v2/webchat/widgets";

const WIDGET_PATH = /^\/api\/v2\/webchat\/widgets\/([^/]+)$/;

/** What a request is, for the rate limit and the faults: a token, a widget read or a write. */
type Route = "token" | "widget-get" | "widget-put" | "widget-list";

function routeOf(method: string, path: string): Route | undefined {
  if (path === "/oauth/token" || path === ACCESS_KEY_PATH) return "token";
  if (path === WIDGETS_PATH) return "widget-list";
  if (!WIDGET_PATH.test(path)) return undefined;
  return method === "PUT" ? "widget-put" : "widget-get";
}

/** The access-key token endpoint (NICE's public documentation). */
const ACCESS_KEY_PATH = "/authentication/v1/token/access-key";

/** The API discovery document (NICE's public documentation). */
const DISCOVERY_PATH = "/.well-known/cxone-configuration";

/**
 * A stand-in for a CXone tenant on 127.0.0.1: OAuth2 client credentials, the webchat widgets
 * API with strong ETags and policy validation, a tenant rate limit, and fault injection. Also
 * accepts the original published script's simple client (form token request, then a PUT with
 * `If-Match: *` that replaces the widget).
 */
export class CxoneSimulator {
  readonly faults: FaultPlan;
  readonly widgets: WidgetStore;
  /** Every request served, in order. */
  readonly requests: RequestLogEntry[] = [];
  private readonly server: Server;
  private readonly tokenEndpoint: TokenEndpoint;
  private readonly routes: WidgetRoutes;
  private readonly bucket: RateBucket;
  private readonly now: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private sequence = 0;
  private address: AddressInfo | undefined;

  constructor(private readonly options: SimulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = new FaultPlan(options.faults, options.seed);
    this.widgets = new WidgetStore(options.widgets ?? defaultWidgets(), options.persistPath);
    this.routes = new WidgetRoutes(this.widgets, options.widgetList);
    this.tokenEndpoint = new TokenEndpoint(
      options.clients ?? [DEMO_CREDENTIALS],
      options.tokenTtlSeconds ?? 3600,
      this.now,
      options.accessKeys ?? [DEMO_ACCESS_KEY],
    );
    this.bucket = new RateBucket(
      options.rateLimitPerSecond ?? 10,
      this.now,
      options.retryAfterFormat,
    );
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Listens on 127.0.0.1 and resolves once the port is known. */
  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    this.address = this.server.address() as AddressInfo;
    return this;
  }

  /** Stops listening and drops open connections, including delayed responses. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Base URL, such as `http://127.0.0.1:40123`. */
  get url(): string {
    if (this.address === undefined) throw new Error("the simulator is not started");
    return `http://127.0.0.1:${this.address.port}`;
  }

  /** Requests per status (or "reset"), and per route. */
  counters(): { total: number; byStatus: Record<string, number>; byRoute: Record<string, number> } {
    const byStatus: Record<string, number> = {};
    const byRoute: Record<string, number> = {};
    for (const r of this.requests) {
      byStatus[String(r.status)] = (byStatus[String(r.status)] ?? 0) + 1;
      const route = `${r.method} ${WIDGET_PATH.test(r.path) ? "/api/v2/webchat/widgets/{id}" : r.path}`;
      byRoute[route] = (byRoute[route] ?? 0) + 1;
    }
    return { total: this.requests.length, byStatus, byRoute };
  }

  /** Empties the request log. */
  clearLog(): void {
    this.requests.length = 0;
  }

  /** Invalidates every token issued so far, as a tenant-side revocation would. */
  expireTokens(): void {
    this.tokenEndpoint.expireAll();
  }

  /**
   * Edits a widget behind the client's back (drift, or another writer). The ETag changes.
   * Returns the new ETag.
   */
  editWidget(id: string, edit: (widget: StoredWidget) => void): string {
    return this.routes.edit(id, edit);
  }

  /** Schedules an edit between the client's next GET and PUT (of `widgetId`, when given). */
  raceNextPut(edit: (widget: StoredWidget) => void, widgetId?: string): void {
    this.routes.raceNextPut(edit, widgetId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = this.now();
    const requestId = `req-${(++this.sequence).toString().padStart(6, "0")}`;
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const body = await readBody(req);
    const record = (status: number | "reset", extra: Partial<RequestLogEntry> = {}) =>
      this.record({ requestId, at: started, method, path, status, ...extra });

    if (path === DISCOVERY_PATH) {
      // API discovery is NICE's, not the tenant's: no rate limit, no faults.
      const reply = this.discovery(req.url ?? "");
      this.send(res, reply, requestId);
      record(reply.status);
      return;
    }
    const route = routeOf(method, path);
    const limited = route !== undefined && route !== "token";
    const allowed = !limited || this.bucket.take();
    const fields = limited ? this.bucket.fields(this.options.rateLimitHeaders ?? "none") : {};
    if (!allowed) {
      const reply = new HttpReply(
        429,
        { message: "rate limit exceeded for this tenant" },
        { "retry-after": this.bucket.retryAfter() },
      );
      this.send(res, reply, requestId, fields);
      record(429, { fault: "rate-limit" });
      return;
    }
    // The list is a read: it meets the faults a widget read meets.
    const fault =
      route === undefined
        ? undefined
        : this.faults.next(route === "widget-list" ? "widget-get" : route);
    if (fault !== undefined) {
      const handled = await this.applyFault(fault, res, requestId, fields);
      if (handled !== undefined) {
        record(handled, { fault: describeFault(fault) });
        return;
      }
    }
    const { reply, clientId } = this.answer(route, req, path, body, req.url ?? "");
    this.send(res, reply, requestId, fields);
    record(reply.status, {
      ...(fault ? { fault: describeFault(fault) } : {}),
      ...(clientId ? { clientId } : {}),
    });
  }

  /** Logs a served request, and its duration from when it arrived. */
  private record(entry: Omit<RequestLogEntry, "durationMs">): void {
    const logged: RequestLogEntry = { ...entry, durationMs: this.now() - entry.at };
    this.requests.push(logged);
    this.options.log?.(
      `${new Date(entry.at).toISOString()} ${entry.requestId} ${entry.method} ${entry.path} ${entry.status}` +
        `${logged.fault ? ` fault=${logged.fault}` : ""} ${logged.durationMs}ms`,
    );
  }

  /** The tenant's answer to a request that met no fault: a token, a widget, or an error. */
  private answer(
    route: Route | undefined,
    req: IncomingMessage,
    path: string,
    body: string,
    url: string,
  ): { reply: HttpReply; clientId?: string } {
    const method = req.method ?? "GET";
    try {
      if (route === "widget-list" && method === "GET") {
        const auth = this.tokenEndpoint.authorize(req, "webchat:widgets:read");
        if (auth instanceof HttpReply) return { reply: auth };
        const query = new URLSearchParams(url.split("?")[1] ?? "");
        return { reply: this.routes.list(query), clientId: auth.clientId };
      }
      if (route === "token" && method === "POST")
        return {
          reply:
            path === ACCESS_KEY_PATH
              ? this.tokenEndpoint.issueForAccessKey(body)
              : this.tokenEndpoint.issue(body),
        };
      if (
        route !== undefined &&
        route !== "widget-list" &&
        (method === "GET" || method === "PUT")
      ) {
        const auth = this.tokenEndpoint.authorize(
          req,
          method === "GET" ? "webchat:widgets:read" : "webchat:widgets:write",
        );
        if (auth instanceof HttpReply) return { reply: auth };
        const id = decodeURIComponent(WIDGET_PATH.exec(path)?.[1] ?? "");
        return {
          reply: method === "GET" ? this.routes.get(id) : this.routes.put(id, req, body),
          clientId: auth.clientId,
        };
      }
      return {
        reply: new HttpReply(route === undefined ? 404 : 405, {
          message: `no route for ${method} ${path}`,
        }),
      };
    } catch (error) {
      return { reply: new HttpReply(500, { message: `simulator error: ${String(error)}` }) };
    }
  }

  /** The discovery document of the simulated tenant, for `?tenantId=<its id>`. */
  private discovery(url: string): HttpReply {
    const asked = new URLSearchParams(url.split("?")[1] ?? "").get("tenantId");
    if (asked !== (this.options.tenantId ?? DEMO_TENANT_ID))
      return new HttpReply(404, { message: `no tenant ${JSON.stringify(asked)}` });
    return new HttpReply(200, {
      tenantId: asked,
      area: SIMULATOR_AREA,
      api_endpoint: this.url,
    });
  }

  /** Applies a fault; returns the logged status when the fault answered the request itself. */
  private async applyFault(
    fault: Fault,
    res: ServerResponse,
    requestId: string,
    fields: Record<string, string>,
  ): Promise<number | "reset" | undefined> {
    switch (fault.type) {
      case "status": {
        const headers: Record<string, string> =
          fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {};
        this.send(
          res,
          new HttpReply(fault.status, { message: `injected ${fault.status}` }, headers),
          requestId,
          fields,
        );
        return fault.status;
      }
      case "reset":
        res.socket?.destroy();
        return "reset";
      case "delay":
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            resolve();
          }, fault.ms);
          this.timers.add(timer);
        });
        return res.destroyed ? "reset" : undefined;
      case "expire-tokens":
        this.expireTokens();
        return undefined;
      case "concurrent-modification":
        this.raceNextPut(otherWriterEdit);
        return undefined;
    }
  }

  private send(
    res: ServerResponse,
    reply: HttpReply,
    requestId: string,
    fields: Record<string, string> = {},
  ): void {
    if (res.destroyed) return;
    const body = reply.rawBody ?? JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "x-request-id": requestId,
      ...fields,
      ...reply.headers,
    });
    res.end(body);
  }
}

/**
 * What the injected concurrent modification does: another writer's edit of a field the policy
 * does not own. It counts, so that a soak can check that every such edit survived.
 */
export function otherWriterEdit(widget: StoredWidget): void {
  widget.modifiedBy = "someone-else";
  widget.otherWriterEdits =
    (typeof widget.otherWriterEdits === "number" ? widget.otherWriterEdits : 0) + 1;
}

function describeFault(fault: Fault): string {
  switch (fault.type) {
    case "status":
      return `status-${fault.status}`;
    case "delay":
      return `delay-${fault.ms}ms`;
    default:
      return fault.type;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}
