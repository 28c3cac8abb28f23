import { z } from "zod";
import { isCxoneWebchatError } from "../errors/base-error";
import { CxoneApiError, WidgetNotFoundError } from "../errors/api-errors";
import { CREDENTIAL_KINDS, tokenSourceFor, type Credentials } from "./auth/credential-kinds";
import type { TenantEndpoints, TokenSource } from "./auth/token-source";
import { authBaseUrlForArea, DEFAULT_DISCOVERY_URL } from "./discovery";
import { TenantServices } from "./tenant-services";
import { systemClock } from "../time/clock";
import {
  pipelineContext,
  sendWithRetry,
  type PipelineContext,
  type PipelineOptions,
  type PipelineResult,
} from "../http/send-with-retry";
import { joinUrl, trimBaseUrl } from "../http/secure-url";
import type { Pacing } from "../pacing/pacing";
import type { PacingMode } from "../pacing/pacing-modes";
import { DEFAULT_RATE_LIMIT, type RateLimit } from "../pacing/token-bucket";
import { errorDetailsFrom, parseJson } from "./response-errors";
import {
  readWidget,
  widgetSchema,
  withPolicy,
  type AdoptionChange,
  type Widget,
  type WidgetDocument,
  type WidgetSnapshot,
} from "./widget";

/**
 * Where a tenant is: its API base URL, or its tenant id for API discovery. An explicit base URL
 * wins over discovery.
 */
export interface TenantLocation {
  /** The API base URL, such as `https://api-na1.niceincontact.com`. */
  readonly baseUrl?: string | undefined;
  /** The tenant id, for discovery when there is no base URL. */
  readonly tenantId?: string | undefined;
  /**
   * The base URL of the token endpoints. @default the base URL for client credentials; for access
   * keys with discovery, the area's auth host (`https://<area>.nice-incontact.com`)
   */
  readonly authUrl?: string | undefined;
  /** Where discovery is asked. @default `DEFAULT_DISCOVERY_URL`, NICE's discovery service */
  readonly discoveryUrl?: string | undefined;
}

/** Options of {@link CxoneClient}. */
export interface CxoneClientOptions extends PipelineOptions {
  readonly tenant: TenantLocation;
  readonly credentials: Credentials;
  /**
   * What this client shares with every other client of the process: the tenant's pacing, tokens
   * and discovered endpoints. @default a set of its own, shared with no other client
   */
  readonly services?: TenantServices;
  /** The tenant's limit, which its pacing keeps to. @default each field's own (see {@link RateLimit}) */
  readonly rateLimit?: Partial<RateLimit>;
  /** How the tenant's pacing spaces requests (see `PACING_MODES`). @default "adaptive" */
  readonly pacingMode?: PacingMode;
  /** A pacing of the caller's own, instead of the tenant's shared one. */
  readonly pacing?: Pacing;
  /** How many times a write re-reads after 412 before giving up. @default 3 */
  readonly maxConflictRetries?: number;
  /**
   * Called as each write (PUT) is about to leave, after its wait for its pacing: throw to
   * stop it. The caller uses it to stop writing once whoever asked for the writes is gone.
   * @default none
   */
  readonly beforeWrite?: () => Promise<void>;
}

/** Options of {@link CxoneClient.setSecurityPolicy}. */
export interface SetPolicyOptions {
  /**
   * Whether {@link CxoneClientOptions.beforeWrite} may stop the write. False only for a write
   * that undoes one whose result could not be recorded.
   * @default true
   */
  readonly guarded?: boolean;
  /**
   * Who manages the policy after the write (see `MANAGED_BY_FIELD`); null removes the mark.
   * @default the mark is left as it is
   */
  readonly managedBy?: string | null;
  /**
   * What becomes of the record of what the widget held before it was adopted (see
   * `ADOPTED_FIELD`): "record" keeps it for a widget the write claims anew.
   * @default the record is left as it is
   */
  readonly adoption?: AdoptionChange;
  /**
   * The order of `settings` to give back, from an adoption record (see `PolicyChange.settingsKeys`).
   * @default the order is left as it is
   */
  readonly settingsKeys?: readonly string[] | null;
  /** With `settingsKeys` null, give `settings` back as `null` (see `PolicyChange.settingsNull`). */
  readonly settingsNull?: boolean;
  /**
   * Called with each version of the widget the write is about to be based on, the first and
   * each re-read after a 412: throw to refuse the write (for example, when another stack manages
   * the widget). @default none
   */
  readonly precondition?: (widget: WidgetDocument) => void;
}

/** The outcome of a policy write. */
export interface PolicyWrite {
  /** The version the successful write was based on (what was replaced). */
  readonly before: WidgetSnapshot;
  /** The version written. */
  readonly after: WidgetSnapshot;
  /** 412s met and resolved by re-reading. */
  readonly conflicts: number;
  /** CXone request ids of every exchange of this write. */
  readonly requestIds: readonly string[];
}

const WIDGETS_PATH = "/api/v2/webchat/widgets";

/** One page of the list of widgets, as far as this package reads it. */
const widgetPageSchema = z.object({
  widgets: z.array(z.looseObject({ id: z.string().min(1) })),
  nextCursor: z.string().min(1).nullish(),
});

/** One page of the tenant's list of widgets. */
export interface WidgetPage {
  readonly widgetIds: readonly string[];
  /** Where the next page starts, or null after the last. */
  readonly nextCursor: string | null;
}

/** The pair a client works with once it knows where the tenant is. */
interface Connected {
  readonly apiBaseUrl: string;
  readonly tokens: TokenSource;
}

/**
 * The CXone webchat REST client: tokens from the credentials' kind (see `auth/`), API discovery,
 * rate limiting, retries, and ETag-guarded read-modify-write of a widget's security policy. It
 * knows nothing of Pulumi.
 */
export class CxoneClient {
  private readonly ctx: PipelineContext;
  private readonly services: TenantServices;
  private readonly maxConflictRetries: number;
  private connected: Promise<Connected> | undefined;
  /** Values taken out of every error message: the credentials' secrets. */
  private readonly secrets: readonly string[];

  constructor(private readonly options: CxoneClientOptions) {
    const limit = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
    this.services = options.services ?? new TenantServices(options.clock ?? systemClock);
    this.ctx = pipelineContext(
      { clock: this.services.clock, ...options },
      options.pacing ??
        this.services.pacing.of(tenantKeyOf(options.tenant), limit, options.pacingMode),
    );
    this.maxConflictRetries = options.maxConflictRetries ?? 3;
    const kind = CREDENTIAL_KINDS[options.credentials.kind];
    const values = options.credentials.values as Readonly<Record<string, string>>;
    this.secrets = kind.secretFields.map((field: string) => values[field] ?? "");
  }

  /** The tenant's endpoints and a token source on them, found once (discovery, if need be). */
  private connect(): Promise<Connected> {
    this.connected ??= this.endpoints().then((endpoints) => ({
      apiBaseUrl: endpoints.apiBaseUrl,
      tokens: tokenSourceFor(this.options.credentials, endpoints, this.ctx, this.services.tokens),
    }));
    // A failed discovery is tried again by the next request, not remembered.
    this.connected.catch(() => (this.connected = undefined));
    return this.connected;
  }

  private async endpoints(): Promise<TenantEndpoints> {
    const { baseUrl, tenantId, authUrl, discoveryUrl } = this.options.tenant;
    if (baseUrl !== undefined) {
      const apiBaseUrl = trimBaseUrl(baseUrl);
      return { apiBaseUrl, authBaseUrl: trimBaseUrl(authUrl ?? apiBaseUrl) };
    }
    if (tenantId === undefined) throw new Error("a tenant needs a base URL or a tenant id");
    // Discovery asks NICE, not the tenant: it does not count against the tenant's rate limit.
    const found = await this.services.discovery.discover(
      tenantId,
      discoveryUrl ?? DEFAULT_DISCOVERY_URL,
      { ...this.ctx, pacing: undefined },
    );
    const authBaseUrl =
      authUrl !== undefined
        ? trimBaseUrl(authUrl)
        : this.options.credentials.kind === "access-key"
          ? authBaseUrlForArea(found.area)
          : found.apiBaseUrl;
    return { apiBaseUrl: found.apiBaseUrl, authBaseUrl };
  }

  /** The API base URL requests go to, once known (after discovery, if the tenant needs it). */
  async apiBaseUrl(): Promise<string> {
    return (await this.connect()).apiBaseUrl;
  }

  /**
   * Reads one page of the tenant's list of widgets, `GET /api/v2/webchat/widgets` (an
   * assumption: see docs/real-tenant.md), or undefined when the tenant answers 404, as one
   * without such a list would. Throws {@link CxoneApiError} for any other failure, and for an
   * answer that is not a page.
   */
  async listWidgets(cursor: string | undefined, limit: number): Promise<WidgetPage | undefined> {
    const query = { limit: String(limit), ...(cursor === undefined ? {} : { cursor }) };
    const { result, token } = await this.send("GET", WIDGETS_PATH, undefined, {}, { query });
    if (result.status === 404) return undefined;
    if (result.status !== 200)
      throw new CxoneApiError(errorDetailsFrom("GET", WIDGETS_PATH, result), {
        secrets: [...this.secrets, token],
      });
    const page = widgetPageSchema.safeParse(parseJson(result.body));
    if (!page.success)
      throw new CxoneApiError({
        method: "GET",
        path: WIDGETS_PATH,
        status: result.status,
        statusText: result.statusText,
        requestId: result.requestId,
        detail:
          'the answer is not a page of widgets ({"widgets": [{"id": ...}], "nextCursor": ...}); ' +
          "give the widget ids instead",
      });
    return {
      widgetIds: page.data.widgets.map((w) => w.id),
      nextCursor: page.data.nextCursor ?? null,
    };
  }

  /** Reads a widget. Throws {@link WidgetNotFoundError} on 404. */
  async getWidget(widgetId: string): Promise<WidgetSnapshot> {
    return this.readWidget(widgetId, false);
  }

  /** {@link getWidget}, ahead of other queued requests when `priority`. */
  private async readWidget(widgetId: string, priority: boolean): Promise<WidgetSnapshot> {
    const path = widgetPath(widgetId);
    const { result, token } = await this.send("GET", path, undefined, {}, { priority });
    if (result.status !== 200) throw this.failure("GET", path, result, widgetId, token);
    return this.snapshot("GET", path, result);
  }

  /**
   * Replaces a widget, on condition that it is still at `etag` (never `*`). A 412 surfaces as a
   * {@link CxoneApiError} with status 412; {@link setSecurityPolicy} handles it.
   */
  async putWidget(
    widgetId: string,
    widget: Widget,
    etag: string,
    options: SetPolicyOptions = {},
  ): Promise<WidgetSnapshot> {
    return this.writeWidget(widgetId, widget, etag, options, false);
  }

  /** {@link putWidget}, ahead of other queued requests when `priority`. */
  private async writeWidget(
    widgetId: string,
    widget: Widget,
    etag: string,
    options: SetPolicyOptions,
    priority: boolean,
  ): Promise<WidgetSnapshot> {
    const path = widgetPath(widgetId);
    const headers = { "if-match": etag, "content-type": "application/json" };
    const { result, token } = await this.send("PUT", path, JSON.stringify(widget), headers, {
      guarded: options.guarded ?? true,
      priority,
    });
    if (result.status !== 200) throw this.failure("PUT", path, result, widgetId, token);
    return this.snapshot("PUT", path, result);
  }

  /**
   * Sets (or with `undefined`, removes) the widget's `settings.securityPolicies`, changing no
   * other field. With `known`, a snapshot the caller holds, the first PUT is sent at once on its
   * ETag, which saves the GET when it is still current; otherwise the widget is read first. On
   * 412 the widget is re-read and the change re-applied, up to `maxConflictRetries` times.
   * When the write would change nothing, nothing is written.
   */
  async setSecurityPolicy(
    widgetId: string,
    policy: unknown,
    known?: WidgetSnapshot,
    options: SetPolicyOptions = {},
  ): Promise<PolicyWrite> {
    const requestIds: string[] = [];
    const note = (id: string | undefined) => id !== undefined && requestIds.push(id);
    let base = known;
    for (let conflicts = 0; ; conflicts++) {
      if (base === undefined) {
        // After a 412, the re-read and its write go ahead of queued requests: the longer they
        // wait, the likelier another edit beats them again.
        base = await this.readWidget(widgetId, conflicts > 0);
        note(base.requestId);
      }
      options.precondition?.(base.widget);
      const next = withPolicy(base.widget, {
        policy,
        managedBy: options.managedBy,
        adoption: options.adoption,
        settingsKeys: options.settingsKeys,
        settingsNull: options.settingsNull,
      });
      if (sameJson(next, base.widget.raw)) {
        return { before: base, after: base, conflicts, requestIds };
      }
      try {
        const after = await this.writeWidget(widgetId, next, base.etag, options, conflicts > 0);
        note(after.requestId);
        return { before: base, after, conflicts, requestIds };
      } catch (error) {
        if (!isCxoneWebchatError(error, "cxone-api") || error.status !== 412) throw error;
        note(error.requestId);
        if (conflicts >= this.maxConflictRetries) {
          throw new CxoneApiError({
            ...error.details,
            detail: `the widget changed during ${conflicts + 1} consecutive writes; gave up so as not to overwrite someone else's change`,
          });
        }
        base = undefined;
      }
    }
  }

  private async send(
    method: string,
    path: string,
    body?: string,
    extra: Record<string, string> = {},
    {
      guarded = false,
      priority = false,
      query,
    }: { guarded?: boolean; priority?: boolean; query?: Record<string, string> } = {},
  ): Promise<{ result: PipelineResult; token: string }> {
    const { apiBaseUrl, tokens } = await this.connect();
    // A token is obtained before the request queues for its pacing, so that a token
    // request takes a slot of its own. It is checked again when the request leaves: a request
    // can wait longer than a token lives, and is then sent with a renewed one, not a stale one.
    let token = await tokens.token();
    const request = {
      method,
      url: joinUrl(apiBaseUrl, path, query),
      path,
      headers: async () => {
        if (guarded) await this.options.beforeWrite?.();
        token = await tokens.token();
        return { ...extra, accept: "application/json", authorization: `Bearer ${token}` };
      },
      ...(body === undefined ? {} : { body }),
      priority,
    };
    const result = await sendWithRetry(this.ctx, request);
    if (result.status !== 401) return { result, token };
    // The token was revoked or expired early: renew once. A second 401 is an answer, not a
    // glitch, so it is returned, never retried again.
    tokens.invalidate(token);
    return { result: await sendWithRetry(this.ctx, request), token };
  }

  private snapshot(method: string, path: string, result: PipelineResult): WidgetSnapshot {
    const etag = result.headers.get("etag");
    const parsed = parseJson(result.body);
    const checked = widgetSchema.safeParse(parsed);
    if (!checked.success || etag === null) {
      throw new CxoneApiError({
        method,
        path,
        status: result.status,
        statusText: result.statusText,
        requestId: result.requestId,
        detail:
          etag === null
            ? "the response has no ETag, so no safe write can follow it"
            : "the response is not a widget object with an id",
      });
    }
    return { widget: readWidget(parsed as Widget), etag, requestId: result.requestId };
  }

  private failure(
    method: string,
    path: string,
    result: PipelineResult,
    widgetId: string,
    token: string,
  ): CxoneApiError {
    const details = errorDetailsFrom(method, path, result);
    const secrets = { secrets: [...this.secrets, token] };
    return result.status === 404
      ? new WidgetNotFoundError(details, widgetId, secrets)
      : new CxoneApiError(details, secrets);
  }
}

/** Whether two JSON values are the same text: equal, with their keys in the same order. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The key a tenant's rate limit is shared under in this process: its id, or its API origin. */
export function tenantKeyOf(tenant: TenantLocation): string {
  if (tenant.baseUrl !== undefined) return new URL(tenant.baseUrl).origin;
  return `tenant:${tenant.tenantId ?? ""}`;
}

function widgetPath(widgetId: string): string {
  return `${WIDGETS_PATH}/${encodeURIComponent(widgetId)}`;
}
