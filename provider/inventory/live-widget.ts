import type { WidgetDocument } from "../cxone/widget";
import type { Violation } from "../errors/input-errors";
import { policyDigest } from "../policy/digest";
import type { SecurityPolicy } from "../policy/schema";
import { validatePolicy } from "../policy/validate";

/** What a widget's live policy is, by today's rules. */
export type PolicyStanding =
  /** The widget holds no policy (the field is absent or null). */
  | { readonly kind: "none" }
  /** A policy today's validation accepts: its normal form and digest. */
  | { readonly kind: "valid"; readonly policy: SecurityPolicy; readonly digest: string }
  /** A policy today's validation refuses: it as the tenant holds it, and every violation. */
  | {
      readonly kind: "invalid";
      readonly policy: unknown;
      readonly violations: readonly Violation[];
    };

/** One widget of a tenant as `export` and `scan` see it. */
export interface LiveWidget {
  readonly widgetId: string;
  /** The widget's display name, when it has one. */
  readonly name: string | undefined;
  /** The claim on the widget, `<project>/<stack>/<resource>`, when a stack manages it. */
  readonly claim: string | undefined;
  readonly standing: PolicyStanding;
}

/** Pure: what a widget read from the tenant holds, by today's rules. */
export function inspectWidget(widget: WidgetDocument): LiveWidget {
  const name = widget.raw.name;
  return {
    widgetId: widget.raw.id,
    name: typeof name === "string" ? name : undefined,
    claim: widget.claim,
    standing: standingOf(widget.policy),
  };
}

function standingOf(policy: unknown): PolicyStanding {
  if (policy === undefined) return { kind: "none" };
  const result = validatePolicy(policy);
  if (!result.ok) return { kind: "invalid", policy, violations: result.violations };
  return { kind: "valid", policy: result.policy, digest: policyDigest(result.policy) };
}
