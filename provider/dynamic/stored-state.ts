import type { z } from "zod";
import { StoredStateError } from "../errors/state-errors";
import { describeValue, formatPath } from "../policy/describe-value";

/**
 * Reads a resource's stored outputs, as `refresh`, `update` and `delete` receive them, or throws
 * {@link StoredStateError} saying why it cannot: a `schemaVersion` this code does not read
 * (written by a newer version of the package), or outputs that do not have the stored shape.
 * Keys this code does not know are dropped rather than refused, so that a downgrade can still
 * destroy what a newer version created, as long as the version is one this code reads.
 *
 * @param resource the resource kind, for the message, such as `WafWebhook`
 * @param version the `schemaVersion` this code writes and reads
 */
export function readStoredOutputs<Shape extends z.ZodRawShape>(
  resource: string,
  schema: z.ZodObject<Shape>,
  version: number,
  stored: unknown,
): z.infer<z.ZodObject<Shape>> {
  const found = (stored as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (found !== version)
    throw new StoredStateError(
      resource,
      `has schemaVersion ${describeValue(found)}; this version of pulumi-cxone-webchat reads ${version} (install the version that wrote it)`,
    );
  const known = Object.keys(schema.shape);
  const outputs = Object.fromEntries(
    Object.entries(stored as Record<string, unknown>).filter(([key]) => known.includes(key)),
  );
  const parsed = schema.safeParse(outputs);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  throw new StoredStateError(
    resource,
    `cannot be read (${problems.join("; ")}); it was not written by this version of pulumi-cxone-webchat`,
  );
}
