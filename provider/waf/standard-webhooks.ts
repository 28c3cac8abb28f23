import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signature is
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64 bytes after `whsec_`.
 */

/** The prefix of a Standard Webhooks secret. */
export const SECRET_PREFIX = "whsec_";

/** Shortest key accepted, in bytes: shorter HMAC keys are guessable. */
export const MIN_SECRET_BYTES = 16;

/** Why a signing secret is unusable, or `undefined` when it is fine. */
export function signingSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX))
    return `must start with ${SECRET_PREFIX} (the Standard Webhooks form)`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return `must be ${SECRET_PREFIX} followed by base64`;
  if (Buffer.from(encoded, "base64").length < MIN_SECRET_BYTES)
    return `must encode at least ${MIN_SECRET_BYTES} bytes of key`;
  return undefined;
}

function key(secret: string): Buffer {
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

/** The `webhook-signature` value for one delivery. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", key(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** The outcome of {@link verify}. */
export type Verification = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks a delivery's headers against its raw body. The timestamp must be within
 * `toleranceSeconds` of `nowSeconds` (replay protection), and one of the space-separated `v1,`
 * signatures must match, compared in constant time.
 */
export function verify(
  secret: string,
  headers: {
    id?: string | undefined;
    timestamp?: string | undefined;
    signature?: string | undefined;
  },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): Verification {
  const { id, timestamp, signature } = headers;
  if (id === undefined || timestamp === undefined || signature === undefined) {
    return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature" };
  }
  if (!/^\d+$/.test(timestamp))
    return { ok: false, reason: "webhook-timestamp is not a whole number of seconds" };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return {
      ok: false,
      reason: `webhook-timestamp is more than ${toleranceSeconds} s away from now`,
    };
  }
  const expected = Buffer.from(sign(secret, id, Number(timestamp), body));
  for (const candidate of signature.split(" ")) {
    const given = Buffer.from(candidate);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "no signature matches" };
}
