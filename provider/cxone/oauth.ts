import { createHash } from "node:crypto";
import { z } from "zod";
import { CxoneAuthError } from "../errors/cxone-auth-error";
import { sendWithRetry, type PipelineContext } from "../http/send-with-retry";
import { errorDetailsFrom, parseJson } from "./response-errors";

/** The scopes this product needs. */
export const CXONE_SCOPE = "webchat:widgets:read webchat:widgets:write platform:read";

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
  readonly renewAt: number;
}

/** Credentials of one client on one tenant. */
export interface ClientCredentials {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** @default {@link CXONE_SCOPE} */
  readonly scope?: string;
}

const cache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

/** Renew this long before expiry: a tenth of the lifetime, at most a minute. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

/**
 * OAuth2 client-credentials tokens, cached per (baseUrl, clientId, scope) for the whole process
 * and renewed shortly before they expire. Concurrent callers share one in-flight request.
 * The cache key holds a hash of the secret, so a rotated secret is never served a token that
 * was issued for the old one.
 */
export class TokenSource {
  private readonly key: string;
  private readonly scope: string;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly ctx: PipelineContext,
  ) {
    this.scope = credentials.scope ?? CXONE_SCOPE;
    const secretHash = createHash("sha256")
      .update(credentials.clientSecret)
      .digest("hex")
      .slice(0, 16);
    this.key = [credentials.baseUrl, credentials.clientId, this.scope, secretHash].join("\n");
  }

  /** A valid access token, from the cache when it has one that is not due for renewal. */
  async token(): Promise<string> {
    const cached = cache.get(this.key);
    if (cached !== undefined && this.ctx.clock.now() < cached.renewAt) return cached.accessToken;
    let pending = inFlight.get(this.key);
    if (pending === undefined) {
      pending = this.request().finally(() => inFlight.delete(this.key));
      inFlight.set(this.key, pending);
    }
    return (await pending).accessToken;
  }

  /** Forgets `token` after the API refused it, unless a newer one has replaced it already. */
  invalidate(token: string): void {
    if (cache.get(this.key)?.accessToken === token) cache.delete(this.key);
  }

  private async request(): Promise<CachedToken> {
    const { baseUrl, clientId, clientSecret } = this.credentials;
    const path = "/oauth/token";
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: this.scope,
    }).toString();
    const result = await sendWithRetry(this.ctx, {
      method: "POST",
      url: `${baseUrl}${path}`,
      path,
      headers: () => ({
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      }),
      body,
      // Requests already queued wait for this token: it goes first.
      priority: true,
    });
    if (result.status !== 200) {
      throw new CxoneAuthError(errorDetailsFrom("POST", path, result), {
        secrets: [clientSecret],
      });
    }
    const checked = tokenResponseSchema.safeParse(parseJson(result.body));
    if (!checked.success) {
      throw new CxoneAuthError({
        method: "POST",
        path,
        status: result.status,
        statusText: result.statusText,
        requestId: result.requestId,
        detail: "the token response has no access_token and expires_in",
      });
    }
    const parsed = checked.data;
    const now = this.ctx.clock.now();
    const lifetimeMs = parsed.expires_in * 1000;
    const token: CachedToken = {
      accessToken: parsed.access_token,
      expiresAt: now + lifetimeMs,
      renewAt: now + lifetimeMs - renewalMargin(lifetimeMs),
    };
    cache.set(this.key, token);
    return token;
  }
}

/** Empties the process-wide token cache; for tests that need a cold start. */
export function clearTokenCache(): void {
  cache.clear();
}
