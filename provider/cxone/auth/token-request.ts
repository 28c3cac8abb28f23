import { z } from "zod";
import { CxoneAuthError } from "../../errors/api-errors";
import { joinUrl } from "../../http/secure-url";
import { sendWithRetry, type PipelineContext } from "../../http/send-with-retry";
import { errorDetailsFrom, parseJson } from "../response-errors";
import type { IssuedToken } from "./token-source";

/** What both token endpoints answer, as far as this package reads it. */
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

/** A token request, described without its secrets' values in any message. */
export interface TokenRequest {
  /** Base URL of the auth endpoint, without a trailing slash. */
  readonly baseUrl: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** Taken out of any error message. */
  readonly secrets: readonly string[];
}

/**
 * Sends a token request ahead of queued requests (they wait for it), retrying transient
 * failures, and reads the token from the answer. Throws {@link CxoneAuthError}, which holds no
 * secret, when the endpoint refuses or answers something that is not a token.
 */
export async function requestToken(
  ctx: PipelineContext,
  request: TokenRequest,
): Promise<IssuedToken> {
  const { path } = request;
  const result = await sendWithRetry(ctx, {
    method: "POST",
    url: joinUrl(request.baseUrl, path),
    path,
    headers: () => ({ "content-type": request.contentType, accept: "application/json" }),
    body: request.body,
    priority: true,
  });
  if (result.status !== 200) {
    throw new CxoneAuthError(errorDetailsFrom("POST", path, result), {
      secrets: request.secrets,
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
  return { accessToken: checked.data.access_token, expiresIn: checked.data.expires_in };
}
