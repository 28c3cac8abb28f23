import { changedProperties } from "../../dynamic/properties";
import { webhookInputsSchema } from "./inputs";

/** Properties whose change sends a new delivery: the WAF must learn of a new policy or a new address. */
export const REDELIVER_ON = ["policyDigest", "url"] as const;

/** The properties whose change replaces the webhook: it is another widget's. */
const REPLACE_ON = ["widgetId"];

/**
 * The properties an update changes in place: every argument but widgetId and policyAppliedAt,
 * which changes with every write of the policy, alone only when nothing the WAF is told
 * changed; it is read only when a delivery happens.
 */
const UPDATE_ON = Object.keys(webhookInputsSchema.shape).filter(
  (key) => !REPLACE_ON.includes(key) && key !== "policyAppliedAt",
);

/** The `diff` hook's logic for WafWebhook, pure. */
export function diffWebhook(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): { changes: boolean; replaces: string[]; changed: string[] } {
  const replaces = changedProperties(olds, news, REPLACE_ON);
  const changed = changedProperties(olds, news, UPDATE_ON);
  return { changes: replaces.length > 0 || changed.length > 0, replaces, changed };
}
