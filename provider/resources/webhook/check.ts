import type { z } from "zod";
import type { Violation } from "../../errors/input-errors";
import { splitProvider } from "../../dynamic/properties";
import { containsUnknown } from "../../dynamic/properties";
import { webhookInputsSchema } from "./inputs";

/**
 * The `check` hook's logic for WafWebhook: no network, every violation with its path. Each
 * known argument is tested against its rule in {@link webhookInputsSchema} and given its
 * default; an argument still unknown at preview passes through as it is.
 */
export function checkWebhookInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: Violation[];
} {
  const { rest } = splitProvider(news);
  const failures: Violation[] = [];
  const inputs: Record<string, unknown> = { ...rest };
  const shape: Record<string, z.ZodType> = webhookInputsSchema.shape;
  for (const key of Object.keys(rest)) {
    if (!(key in shape))
      failures.push({
        path: key,
        reason: `unknown property "${key}": not an argument of WafWebhook`,
      });
  }
  for (const [key, schema] of Object.entries(shape)) {
    if (containsUnknown(rest[key])) continue;
    const result = schema.safeParse(rest[key]);
    if (result.success) {
      if (result.data !== undefined) inputs[key] = result.data;
    } else {
      failures.push({ path: key, reason: result.error.issues[0]?.message ?? "is not valid" });
    }
  }
  return { inputs, failures };
}
