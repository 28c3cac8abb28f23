import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpReply } from "./http-reply";

/** A client the token endpoint accepts. */
export interface SimulatorClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes this client may be granted. @default all three webchat and platform scopes */
  readonly scopes?: readonly string[];
}

/** The scopes a client gets by default. */
export const ALL_SCOPES = [
  "webchat:widgets:read",
  "webchat:widgets:write",
  "platform:read",
] as const;

/** Credentials of the default client; for the demo and tests only. */
export const DEMO_CREDENTIALS = {
  clientId: "demo-client",
  clientSecret: "demo-secret-0f4c2a",
} as const;

/** An access key the access-key token endpoint accepts, issued to a user of the tenant. */
export interface SimulatorAccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** The default access key; for the demo and tests only. */
export const DEMO_ACCESS_KEY = {
  accessKeyId: "demo-access-key",
  accessKeySecret: "demo-access-secret-5d81e7",
} as const;

/** A token the endpoint issued. */
export interface IssuedToken {
  readonly clientId: string;
  readonly scopes: ReadonlySet<string>;
  readonly expiresAt: number;
}

/**
 * The tenant's OAuth2 token endpoint: client credentials in, scoped bearer tokens out, each
 * living `ttlSeconds`; and the check of the token a widget request bears.
 */
export class TokenEndpoint {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: readonly SimulatorClient[],
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly accessKeys: readonly SimulatorAccessKey[] = [DEMO_ACCESS_KEY],
  ) {}

  /** Invalidates every token issued so far, as a tenant-side revocation would. */
  expireAll(): void {
    this.tokens.clear();
  }

  /** Answers `POST /oauth/token`: the client-credentials grant, with the scopes the client may have. */
  issue(body: string): HttpReply {
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "client_credentials") {
      return new HttpReply(400, {
        error: "unsupported_grant_type",
        error_description: "only client_credentials is supported",
      });
    }
    const client = this.clients.find(
      (c) => c.clientId === form.get("client_id") && c.clientSecret === form.get("client_secret"),
    );
    if (client === undefined) {
      return new HttpReply(401, {
        error: "invalid_client",
        error_description: "unknown client or wrong secret",
      });
    }
    const allowed = new Set(client.scopes ?? ALL_SCOPES);
    const requested = (form.get("scope") ?? [...allowed].join(" "))
      .split(/\s+/)
      .filter((s) => s !== "");
    return this.grant(client.clientId, new Set(requested.filter((s) => allowed.has(s))));
  }

  /**
   * Answers `POST /authentication/v1/token/access-key`: a JSON body of `accessKeyId` and
   * `accessKeySecret`, as NICE documents it; the token carries every scope (an access key acts
   * with its user's permissions).
   */
  issueForAccessKey(body: string): HttpReply {
    let given: { accessKeyId?: unknown; accessKeySecret?: unknown };
    try {
      given = JSON.parse(body) as typeof given;
    } catch {
      return new HttpReply(400, {
        error: "invalid_request",
        error_description: "the body is not JSON",
      });
    }
    const key = this.accessKeys.find(
      (k) => k.accessKeyId === given?.accessKeyId && k.accessKeySecret === given?.accessKeySecret,
    );
    if (key === undefined)
      return new HttpReply(401, {
        error: "invalid_client",
        error_description: "unknown access key or wrong secret",
      });
    return this.grant(`access-key:${key.accessKeyId}`, new Set(ALL_SCOPES));
  }

  private grant(clientId: string, scopes: ReadonlySet<string>): HttpReply {
    const ttl = this.ttlSeconds;
    const accessToken = `simtok_${randomBytes(24).toString("hex")}`;
    this.tokens.set(accessToken, { clientId, scopes, expiresAt: this.now() + ttl * 1000 });
    return new HttpReply(200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ttl,
      scope: [...scopes].join(" "),
    });
  }

  /** The token a request bears, if it is valid and has `scope`; else the 401 or 403 to send. */
  authorize(req: IncomingMessage, scope: string): IssuedToken | HttpReply {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer (\S+)$/.exec(header);
    const token = match?.[1] === undefined ? undefined : this.tokens.get(match[1]);
    if (token === undefined || token.expiresAt <= this.now()) {
      return new HttpReply(
        401,
        { message: "missing, unknown or expired bearer token" },
        { "www-authenticate": 'Bearer error="invalid_token"' },
      );
    }
    if (!token.scopes.has(scope)) {
      return new HttpReply(403, {
        message: `the token lacks the scope ${scope}`,
        required_scope: scope,
      });
    }
    return token;
  }
}
