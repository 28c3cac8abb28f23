import { createHash } from "node:crypto";
import type { PipelineContext } from "../../http/send-with-retry";

/**
 * Where a client gets its bearer tokens. One instance per (tenant, credentials); every
 * implementation draws on the process's {@link TokenCache}, so concurrent callers share one
 * request, tokens are renewed before they expire, and a token the API refused is forgotten.
 */
export interface TokenSource {
  /** A valid access token, from the cache when it holds one not yet due for renewal. */
  token(): Promise<string>;
  /** Forgets `token` after the API refused it (401), unless a newer one has replaced it already. */
  invalidate(token: string): void;
}

/** A token as an auth endpoint issued it. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Lifetime in seconds, as the endpoint said. */
  readonly expiresIn: number;
}

/** The endpoints of one tenant: its API, and where its tokens come from. */
export interface TenantEndpoints {
  /** The API's base URL, without a trailing slash. */
  readonly apiBaseUrl: string;
  /** The base URL of the token endpoints, without a trailing slash. */
  readonly authBaseUrl: string;
}

/** Renew this long before expiry: a tenth of the lifetime, at most a minute. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

interface CachedToken {
  readonly accessToken: string;
  readonly renewAt: number;
}

/**
 * The cache key of one set of credentials: the endpoint, the public id, and a hash of the
 * secret, so that a rotated secret is never served a token issued for the old one and the key
 * itself holds nothing secret.
 */
export function tokenCacheKey(parts: readonly string[], secret: string): string {
  const secretHash = createHash("sha256").update(secret).digest("hex").slice(0, 16);
  return [...parts, secretHash].join("\n");
}

/**
 * The tokens of one process, by credentials (see {@link tokenCacheKey}): part of the process's
 * context, so that every client of a tenant shares them and a test starts from an empty one.
 */
export class TokenCache {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  /**
   * A {@link TokenSource} around `request`, which asks the auth endpoint for a token. Tokens are
   * kept per `key`, renewed {@link renewalMargin} before they expire, and concurrent callers
   * share one in-flight request.
   */
  source(
    key: string,
    ctx: Pick<PipelineContext, "clock">,
    request: () => Promise<IssuedToken>,
  ): TokenSource {
    const fetchToken = async (): Promise<CachedToken> => {
      const issued = await request();
      const lifetimeMs = issued.expiresIn * 1000;
      const token = {
        accessToken: issued.accessToken,
        renewAt: ctx.clock.now() + lifetimeMs - renewalMargin(lifetimeMs),
      };
      this.cache.set(key, token);
      return token;
    };
    return {
      token: async () => {
        const cached = this.cache.get(key);
        if (cached !== undefined && ctx.clock.now() < cached.renewAt) return cached.accessToken;
        let pending = this.inFlight.get(key);
        if (pending === undefined) {
          pending = fetchToken().finally(() => this.inFlight.delete(key));
          this.inFlight.set(key, pending);
        }
        return (await pending).accessToken;
      },
      invalidate: (token) => {
        if (this.cache.get(key)?.accessToken === token) this.cache.delete(key);
      },
    };
  }
}
