import { z } from "zod";
import type { Violation } from "../errors/policy-validation-error";
import { secureUrlProblem } from "../http/secure-url";
import { describeValue } from "../policy/describe-value";
import { signingSecretProblem } from "../waf/standard-webhooks";
import { containsUnknown } from "./unknowns";

/** The inputs the WafWebhook hooks receive, after `check`. */
export const webhookInputsSchema = z.object({
  url: z.string(),
  signingSecret: z.string(),
  widgetId: z.string().min(1),
  policyDigest: z.string(),
  tenant: z.string(),
  rulesCount: z.number().int().min(0),
  corsOriginsCount: z.number().int().min(0),
  metadata: z.record(z.string(), z.string()).optional(),
  allowUndeliveredRemoval: z.boolean().optional(),
  /** The policy's ETag after its last write; part of the webhook-id (see `deliveryId`). */
  policyEtag: z.string().optional(),
});

/** See {@link webhookInputsSchema}. */
export type WafWebhookInputs = z.infer<typeof webhookInputsSchema>;

/** The version of the stored outputs' shape. */
export const WEBHOOK_SCHEMA_VERSION = 1;

/** What is stored: the inputs plus the last delivery. */
export const webhookOutputsSchema = webhookInputsSchema.extend({
  schemaVersion: z.literal(WEBHOOK_SCHEMA_VERSION),
  deliveryId: z.string(),
  deliveredAt: z.string(),
  responseStatus: z.number().int(),
});

/** See {@link webhookOutputsSchema}. */
export type WafWebhookOutputs = z.infer<typeof webhookOutputsSchema>;

const KEYS = new Set([
  "url",
  "signingSecret",
  "widgetId",
  "policyDigest",
  "tenant",
  "rulesCount",
  "corsOriginsCount",
  "metadata",
  "allowUndeliveredRemoval",
  "policyEtag",
  "__provider",
]);

/** Why a webhook URL is refused, or undefined: the signed policy event travels to it. */
export function webhookUrlProblem(text: string): string | undefined {
  return secureUrlProblem(text, "the signed policy event");
}

/** The `check` hook's logic for WafWebhook: no network, every violation with its path. */
export function checkWebhookInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: Violation[];
} {
  const failures: Violation[] = [];
  const known = (key: string) => !containsUnknown(news[key]);
  for (const key of Object.keys(news)) {
    if (!KEYS.has(key))
      failures.push({
        path: key,
        reason: `unknown property "${key}": not an argument of WafWebhook`,
      });
  }
  const { url, signingSecret, widgetId, policyDigest, tenant, metadata } = news;
  if (known("url")) {
    const problem = typeof url === "string" ? webhookUrlProblem(url) : "must be a string";
    if (problem !== undefined)
      failures.push({
        path: "url",
        reason: `${typeof url === "string" ? describeValue(url.split("?")[0]) : describeValue(url)} ${problem}`,
      });
  }
  if (known("signingSecret")) {
    const problem =
      typeof signingSecret === "string" ? signingSecretProblem(signingSecret) : "must be a string";
    // The value is a secret: the reason never shows it.
    if (problem !== undefined)
      failures.push({ path: "signingSecret", reason: `the signing secret ${problem}` });
  }
  if (known("widgetId") && (typeof widgetId !== "string" || widgetId === "")) {
    failures.push({
      path: "widgetId",
      reason: `${describeValue(widgetId)} must be a non-empty string`,
    });
  }
  if (
    known("policyDigest") &&
    (typeof policyDigest !== "string" || !/^[0-9a-f]{64}$/.test(policyDigest))
  ) {
    failures.push({
      path: "policyDigest",
      reason: `${describeValue(policyDigest)} must be 64 lowercase hex digits (a SHA-256 policy digest)`,
    });
  }
  if (known("tenant") && tenant !== undefined && (typeof tenant !== "string" || tenant === "")) {
    failures.push({
      path: "tenant",
      reason: `${describeValue(tenant)} must be a non-empty string`,
    });
  }
  for (const key of ["rulesCount", "corsOriginsCount"] as const) {
    const value = news[key];
    if (
      known(key) &&
      value !== undefined &&
      !(typeof value === "number" && Number.isInteger(value) && value >= 0)
    ) {
      failures.push({
        path: key,
        reason: `${describeValue(value)} must be a whole number, 0 or more`,
      });
    }
  }
  const allow = news.allowUndeliveredRemoval;
  if (known("allowUndeliveredRemoval") && allow !== undefined && typeof allow !== "boolean") {
    failures.push({
      path: "allowUndeliveredRemoval",
      reason: `${describeValue(allow)} must be true or false`,
    });
  }
  const etag = news.policyEtag;
  if (known("policyEtag") && etag !== undefined && (typeof etag !== "string" || etag === "")) {
    failures.push({
      path: "policyEtag",
      reason: `${describeValue(etag)} must be a non-empty string (a policy resource's etag)`,
    });
  }
  if (known("metadata") && metadata !== undefined) {
    const ok =
      typeof metadata === "object" &&
      metadata !== null &&
      !Array.isArray(metadata) &&
      Object.values(metadata).every((v) => typeof v === "string");
    if (!ok)
      failures.push({
        path: "metadata",
        reason: `${describeValue(metadata)} must be an object of strings`,
      });
  }
  const inputs: Record<string, unknown> = {
    ...news,
    tenant: tenant ?? "default",
    rulesCount: news.rulesCount ?? 0,
    corsOriginsCount: news.corsOriginsCount ?? 0,
  };
  delete inputs.__provider;
  return { inputs, failures };
}
