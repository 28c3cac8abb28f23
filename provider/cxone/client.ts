import { isDeepStrictEqual } from "node:util";
import { CxoneApiError } from "../errors/cxone-api-error";
import { WidgetNotFoundError } from "../errors/widget-not-found-error";
import { TokenSource, type ClientCredentials } from "./oauth";
import {
  pipelineContext,
  sendWithRetry,
  type PipelineContext,
  type PipelineOptions,
  type PipelineResult,
} from "../http/send-with-retry";
import { trimBaseUrl } from "../http/secure-url";
import type { SendRate } from "../http/send-rate";
import { DEFAULT_RATE_LIMIT, type RateLimit } from "./rate-limiter";
import { tenantSendRate, type SendRateMode } from "./send-rate-modes";
import { errorDetailsFrom, parseJson } from "./response-errors";
import {
  widgetSchema,
  withPolicy,
  type AdoptionChange,
  type Widget,
  type WidgetSnapshot,
} from "./widget";

/** Options of {@link CxoneClient}. */
export interface CxoneClientOptions extends ClientCredentials, PipelineOptions {
  /** The tenant's limit; the bucket is shared by every client of the tenant in this process. @default {@link DEFAULT_RATE_LIMIT} */
  readonly rateLimit?: Partial<RateLimit>;
  /** How the shared bucket paces requests (see `SEND_RATE_MODES`). @default "adaptive" */
  readonly rateMode?: SendRateMode;
  /** A pacing of the caller's own, instead of the shared one (tests with a fake clock). */
  readonly bucket?: SendRate;
  /** How many times a write re-reads after 412 before giving up. @default 3 */
  readonly maxConflictRetries?: number;
  /**
   * Called as each write (PUT) is about to leave, after its wait in the rate limiter: throw to
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
   * Called with each version of the widget the write is about to be based on, the first and
   * each re-read after a 412: throw to refuse the write (for example, when another stack manages
   * the widget). @default none
   */
  readonly precondition?: (widget: Widget) => void;
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

/**
 * The CXone webchat REST client: OAuth2 client credentials, rate limiting, retries, and
 * ETag-guarded read-modify-write of a widget's security policy. It knows nothing of Pulumi.
 */
export class CxoneClient {
  private readonly ctx: PipelineContext;
  private readonly tokens: TokenSource;
  private readonly baseUrl: string;
  private readonly maxConflictRetries: number;

  constructor(private readonly options: CxoneClientOptions) {
    this.baseUrl = trimBaseUrl(options.baseUrl);
    const limit = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
    this.ctx = pipelineContext(
      options,
      options.bucket ?? tenantSendRate(new URL(this.baseUrl).origin, limit, options.rateMode),
    );
    this.tokens = new TokenSource({ ...options, baseUrl: this.baseUrl }, this.ctx);
    this.maxConflictRetries = options.maxConflictRetries ?? 3;
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
      const next = withPolicy(base.widget, policy, options.managedBy, options.adoption);
      if (isDeepStrictEqual(next, base.widget)) {
        return { before: base, after: base, conflicts, requestIds };
      }
      try {
        const after = await this.writeWidget(widgetId, next, base.etag, options, conflicts > 0);
        note(after.requestId);
        return { before: base, after, conflicts, requestIds };
      } catch (error) {
        if (!(error instanceof CxoneApiError) || error.status !== 412) throw error;
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
    { guarded = false, priority = false }: { guarded?: boolean; priority?: boolean } = {},
  ): Promise<{ result: PipelineResult; token: string }> {
    // A token is obtained before the request queues for the rate limiter, so that a token
    // request takes a slot of its own. It is checked again when the request leaves: a request
    // can wait longer than a token lives, and is then sent with a renewed one, not a stale one.
    let token = await this.tokens.token();
    const request = {
      method,
      url: `${this.baseUrl}${path}`,
      path,
      headers: async () => {
        if (guarded) await this.options.beforeWrite?.();
        token = await this.tokens.token();
        return { ...extra, accept: "application/json", authorization: `Bearer ${token}` };
      },
      ...(body === undefined ? {} : { body }),
      priority,
    };
    const result = await sendWithRetry(this.ctx, request);
    if (result.status !== 401) return { result, token };
    // The token was revoked or expired early: renew once. A second 401 is an answer, not a
    // glitch, so it is returned, never retried again.
    this.tokens.invalidate(token);
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
    return { widget: parsed as Widget, etag, requestId: result.requestId };
  }

  private failure(
    method: string,
    path: string,
    result: PipelineResult,
    widgetId: string,
    token: string,
  ): CxoneApiError {
    const details = errorDetailsFrom(method, path, result);
    const secrets = { secrets: [this.options.clientSecret, token] };
    return result.status === 404
      ? new WidgetNotFoundError(details, widgetId, secrets)
      : new CxoneApiError(details, secrets);
  }
}

function widgetPath(widgetId: string): string {
  return `${WIDGETS_PATH}/${encodeURIComponent(widgetId)}`;
}
