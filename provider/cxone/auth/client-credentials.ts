import type { CredentialKind } from "./credential-kind";
import { requestToken } from "./token-request";
import { tokenCacheKey } from "./token-source";

/** The scopes this product needs. */
export const CXONE_SCOPE = "webchat:widgets:read webchat:widgets:write platform:read";

/** The token endpoint of the seed contract, under the auth base URL. */
export const CLIENT_CREDENTIALS_PATH = "/oauth/token";

/**
 * OAuth2 client credentials (RFC 6749 §4.4), as the seed contract specifies them: a form POST of
 * `client_id`, `client_secret` and the product's scopes to `<auth base>/oauth/token`.
 */
export const clientCredentials: CredentialKind<"clientId" | "clientSecret"> = {
  title: "OAuth2 client credentials",
  fields: ["clientId", "clientSecret"],
  secretFields: ["clientSecret"],
  tokenSource({ clientId, clientSecret }, endpoints, ctx, tokens) {
    const key = tokenCacheKey(
      [endpoints.authBaseUrl, CLIENT_CREDENTIALS_PATH, clientId, CXONE_SCOPE],
      clientSecret,
    );
    return tokens.source(key, ctx, () =>
      requestToken(ctx, {
        baseUrl: endpoints.authBaseUrl,
        path: CLIENT_CREDENTIALS_PATH,
        contentType: "application/x-www-form-urlencoded",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: clientId,
          client_secret: clientSecret,
          scope: CXONE_SCOPE,
        }).toString(),
        secrets: [clientSecret],
      }),
    );
  },
};
