import type { CredentialKind } from "./credential-kind";
import { requestToken } from "./token-request";
import { tokenCacheKey } from "./token-source";

/** The access-key token endpoint, under the tenant's auth base URL (NICE's public documentation). */
export const ACCESS_KEY_PATH = "/authentication/v1/token/access-key";

/**
 * CXone access keys, as real tenants issue them to a user (Employees > Access Keys): a JSON POST
 * of `accessKeyId` and `accessKeySecret` to `https://<area>.nice-incontact.com/authentication/v1/token/access-key`.
 */
export const accessKey: CredentialKind<"accessKeyId" | "accessKeySecret"> = {
  title: "CXone access key",
  fields: ["accessKeyId", "accessKeySecret"],
  secretFields: ["accessKeySecret"],
  tokenSource({ accessKeyId, accessKeySecret }, endpoints, ctx, tokens) {
    const key = tokenCacheKey(
      [endpoints.authBaseUrl, ACCESS_KEY_PATH, accessKeyId],
      accessKeySecret,
    );
    return tokens.source(key, ctx, () =>
      requestToken(ctx, {
        baseUrl: endpoints.authBaseUrl,
        path: ACCESS_KEY_PATH,
        contentType: "application/json",
        body: JSON.stringify({ accessKeyId, accessKeySecret }),
        secrets: [accessKeySecret],
      }),
    );
  },
};
