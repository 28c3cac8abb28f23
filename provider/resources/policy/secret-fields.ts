import { SECRET_FIELDS } from "../../cxone/auth/credential-kinds";
import { isSecretRef } from "../../dynamic/secret-refs";

/**
 * A `connection` with each credential secret replaced by `remember(value)`, its reference; other
 * settings, and values already references, stay as they are. Pure but for `remember`.
 */
export function withSecretRefs(
  connection: Record<string, unknown>,
  remember: (value: string) => string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(connection).map(([key, value]) => [
      key,
      SECRET_FIELDS.has(key) && typeof value === "string" && !isSecretRef(value)
        ? remember(value)
        : value,
    ]),
  );
}
