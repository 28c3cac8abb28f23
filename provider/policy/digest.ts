import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { SecurityPolicy } from "./schema";

/** What a policy digest looks like: 64 lowercase hex digits. */
export const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * SHA-256, as lowercase hex, of the RFC 8785 (JCS) canonical JSON of a normalized policy.
 *
 * JCS fixes key order, number format and string escaping, so a WAF team can recompute the digest
 * in any language from the JSON alone. Pass a normalized policy (from `validatePolicy`); the
 * normalization is what makes equivalent inputs, such as reordered origins, digest alike.
 */
export function policyDigest(policy: SecurityPolicy): string {
  const canonical = canonicalize(policy);
  if (canonical === undefined) throw new TypeError("a policy must serialize to JSON");
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
