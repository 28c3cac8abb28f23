import { stringify as toYaml } from "yaml";
import type { SecurityPolicy } from "../policy/schema";
import { describeClaim, stackOfClaim } from "../policy/ownership";
import type { LiveWidget } from "./live-widget";

/** A widget `export` writes as code: its id, its live policy in normal form, and that policy's digest. */
export interface ExportedWidget {
  readonly widgetId: string;
  readonly policy: SecurityPolicy;
  readonly digest: string;
}

/** Why a widget is not written as code. */
export type LeftOutReason =
  /** Its live policy breaks today's rules: every violation, and the policy as the tenant holds it. */
  | { readonly kind: "invalid"; readonly violations: readonly string[]; readonly policy: unknown }
  /** A stack manages it already: its claim. */
  | { readonly kind: "claimed"; readonly claim: string }
  /** It holds no policy: there is nothing to adopt. */
  | { readonly kind: "no-policy" };

/** What `export` does with each widget of a tenant. */
export interface ExportPlan {
  /** The widgets written as code, by id. */
  readonly exported: readonly ExportedWidget[];
  /** The widgets left out, by id, each with its reason. */
  readonly leftOut: ReadonlyArray<{ readonly widgetId: string; readonly reason: LeftOutReason }>;
}

/**
 * Pure decision: which widgets become code. A widget another stack claims is that stack's,
 * whatever its policy; one `ownStack` (`<project>/<stack>`, the stack the export is for) claims
 * is exported as any other, so that exporting again after `up` keeps every widget in the file; a
 * widget with no policy has nothing to adopt; a policy that today's validation refuses is never
 * written as if it were valid. The order is by widget id, so that the output does not depend on
 * the order the tenant listed them in.
 */
export function planExport(widgets: readonly LiveWidget[], ownStack?: string): ExportPlan {
  const exported: ExportedWidget[] = [];
  const leftOut: Array<{ widgetId: string; reason: LeftOutReason }> = [];
  for (const widget of [...widgets].sort((a, b) => compare(a.widgetId, b.widgetId))) {
    const { widgetId, standing } = widget;
    if (widget.claim !== undefined && stackOfClaim(widget.claim) !== ownStack)
      leftOut.push({ widgetId, reason: { kind: "claimed", claim: widget.claim } });
    else if (standing.kind === "none") leftOut.push({ widgetId, reason: { kind: "no-policy" } });
    else if (standing.kind === "invalid")
      leftOut.push({
        widgetId,
        reason: {
          kind: "invalid",
          violations: standing.violations.map((v) => `${v.path}: ${v.reason}`),
          policy: standing.policy,
        },
      });
    else exported.push({ widgetId, policy: standing.policy, digest: standing.digest });
  }
  return { exported, leftOut };
}

/** Code-unit order, the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why a widget was left out, in one line for people. */
export function describeLeftOut(reason: LeftOutReason): string {
  switch (reason.kind) {
    case "claimed":
      return `managed by ${describeClaim(reason.claim)} already`;
    case "no-policy":
      return "has no policy: nothing to adopt";
    case "invalid":
      return `its live policy breaks today's rules: ${reason.violations.join("; ")}`;
  }
}

/**
 * One entry of the many-widgets example's data file for an exported widget. Only what the
 * policy holds is written (`rules` only when there are some, `allowInsecureOrigins` only when
 * true), and `livePolicyDigest`, so that the first `up` can say that it adopts the widget and
 * changes nothing, and refuse if the widget changed since.
 */
export function widgetEntry(widget: ExportedWidget): Record<string, unknown> {
  const { policy } = widget;
  return {
    widgetId: widget.widgetId,
    corsOrigins: policy.corsOrigins,
    authentication: policy.authentication,
    ...(policy.rules.length > 0 ? { rules: policy.rules } : {}),
    ...(policy.allowInsecureOrigins ? { allowInsecureOrigins: true } : {}),
    livePolicyDigest: widget.digest,
  };
}

/** Every line of `text` as a YAML or TypeScript comment. */
function commented(text: string, mark: string): string[] {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => (line === "" ? mark : `${mark} ${line}`));
}

/** The comment block that lists the widgets left out, for either output format. */
function leftOutComments(plan: ExportPlan, mark: string): string[] {
  if (plan.leftOut.length === 0) return [];
  const lines = [mark, `${mark} Left out (${plan.leftOut.length}):`];
  for (const { widgetId, reason } of plan.leftOut) {
    lines.push(`${mark}   ${widgetId}: ${describeLeftOut(reason)}`);
    if (reason.kind === "invalid")
      lines.push(
        ...commented(toYaml({ widgetId, policy: reason.policy }), `${mark}     `.trimEnd()),
      );
  }
  return lines;
}

/** The header both formats start with: what wrote the file, from where, and how many. */
function header(plan: ExportPlan, tenant: string, mark: string): string[] {
  return [
    `${mark} Written by pulumi-cxone-webchat export from ${tenant}: ${plan.exported.length} widget(s) as code,`,
    `${mark} ${plan.leftOut.length} left out (listed at the end). Each entry's livePolicyDigest is its live`,
    `${mark} policy's digest: the first pulumi up adopts the widget and changes no policy.`,
  ];
}

/**
 * The data file the many-widgets example reads, as YAML. The same plan always gives the same
 * bytes: entries by widget id, keys in one order, no time of day.
 */
export function exportYaml(plan: ExportPlan, tenant: string): string {
  const body = toYaml(
    { widgets: plan.exported.map(widgetEntry) },
    { lineWidth: 0, aliasDuplicateObjects: false },
  );
  return [...header(plan, tenant, "#"), body.trimEnd(), ...leftOutComments(plan, "#"), ""].join(
    "\n",
  );
}

/**
 * A Pulumi program in TypeScript with one `WebchatSecurityPolicy` per exported widget, named
 * `policy-<widgetId>` as the many-widgets example names them, so that moving between the two
 * keeps every resource.
 */
export function exportTypeScript(plan: ExportPlan, tenant: string): string {
  const lines = [
    ...header(plan, tenant, "//"),
    'import type * as pulumi from "@pulumi/pulumi";',
    'import { WebchatSecurityPolicy } from "pulumi-cxone-webchat";',
    "",
    "export const policyDigests: Record<string, pulumi.Output<string>> = {};",
  ];
  for (const widget of plan.exported) {
    const args = JSON.stringify(widgetEntry(widget), null, 2);
    lines.push(
      "",
      `policyDigests[${JSON.stringify(widget.widgetId)}] = new WebchatSecurityPolicy(${JSON.stringify(`policy-${widget.widgetId}`)}, ${args}).policyDigest;`,
    );
  }
  lines.push(...leftOutComments(plan, "//"), "");
  return lines.join("\n");
}
