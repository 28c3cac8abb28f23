import { z } from "zod";

/** The part of `pulumi stack export` this package reads: each resource's URN, type and outputs. */
const deploymentSchema = z.object({
  deployment: z.object({
    resources: z
      .array(
        z.object({
          urn: z.string(),
          type: z.string().optional(),
          outputs: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .nullish(),
  }),
});

/** One resource of an exported deployment, as far as this package reads it. */
export type ExportedResource = NonNullable<
  z.infer<typeof deploymentSchema>["deployment"]["resources"]
>[number];

/**
 * Pure: the resources of the output of `pulumi stack export`, for `audit verify` (their audit
 * anchors) and `scan` (their digests). Throws, saying what it expected, when the value is not an
 * exported deployment.
 */
export function exportedResources(exported: unknown): ExportedResource[] {
  const parsed = deploymentSchema.safeParse(exported);
  if (!parsed.success)
    throw new Error(
      `not the output of pulumi stack export (a JSON object with deployment.resources): ${parsed.error.issues[0]?.message ?? ""}`,
    );
  return parsed.data.deployment.resources ?? [];
}
