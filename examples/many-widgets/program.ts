import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import {
  ProgramConfigError,
  WafWebhook,
  WebchatSecurityPolicy,
  type RuleArgs,
} from "pulumi-cxone-webchat";

/** One widget's entry in the data file. */
interface WidgetEntry {
  widgetId: string;
  corsOrigins: string[];
  authentication: { requireToken: boolean; tokenExpiryMinutes?: number };
  rules?: RuleArgs[];
  /** Accept http origins other than loopback. */
  allowInsecureOrigins?: boolean;
  /**
   * The digest of the widget's live policy when `pulumi-cxone-webchat export` wrote this entry:
   * the first `up` refuses to adopt a widget changed since (see WebchatSecurityPolicyArgs).
   */
  livePolicyDigest?: string;
  /** Take the widget over from this `<project>/<stack>`, gone without `pulumi destroy`. */
  takeOverFrom?: string;
  /** What destroy does with the widget's policy: `restore` (the default) or `clear`. */
  onDelete?: "restore" | "clear";
}

/** Reads the data file, JSON or YAML by its extension. */
export function loadWidgets(file: string): WidgetEntry[] {
  const text = readFileSync(file, "utf8");
  let data: unknown;
  try {
    // The data file is the user's own, so anchors and aliases (`origins: *shop`) are welcome
    // however many widgets share them.
    data = /\.ya?ml$/i.test(file) ? parseYaml(text, { maxAliasCount: -1 }) : JSON.parse(text);
  } catch (error) {
    throw new ProgramConfigError(
      `${pulumi.getProject()}:dataFile`,
      `${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const widgets = (data as { widgets?: unknown }).widgets;
  if (!Array.isArray(widgets)) {
    throw new ProgramConfigError(
      `${pulumi.getProject()}:dataFile`,
      `${file}: expected a top-level "widgets" list`,
    );
  }
  return widgets as WidgetEntry[];
}

/**
 * Policies for N widgets from one data file (config `dataFile`, default widgets.yaml; a relative
 * path is relative to the project directory, where main.js runs the program). Each
 * widget's policy is its own resource, named after the widget, so adding or removing a widget in
 * the file adds or removes exactly that policy. The client's shared rate limiter keeps the whole
 * deployment under the tenant's limit. With config `notifyWaf` true, each policy also gets a
 * WafWebhook (config `wafUrl`, secret `wafSigningSecret`) that tells the WAF of every change.
 */
export async function manyWidgets() {
  const config = new pulumi.Config();
  const file = resolve(config.get("dataFile") ?? "widgets.yaml");
  const waf = config.getBoolean("notifyWaf")
    ? { url: config.require("wafUrl"), signingSecret: config.requireSecret("wafSigningSecret") }
    : undefined;
  const digests: Record<string, pulumi.Output<string>> = {};
  for (const entry of loadWidgets(file)) {
    const policy = new WebchatSecurityPolicy(`policy-${entry.widgetId}`, {
      widgetId: entry.widgetId,
      corsOrigins: entry.corsOrigins,
      authentication: entry.authentication,
      rules: entry.rules ?? [],
      ...(entry.allowInsecureOrigins === undefined
        ? {}
        : { allowInsecureOrigins: entry.allowInsecureOrigins }),
      ...(entry.livePolicyDigest === undefined ? {} : { livePolicyDigest: entry.livePolicyDigest }),
      ...(entry.takeOverFrom === undefined ? {} : { takeOverFrom: entry.takeOverFrom }),
      ...(entry.onDelete === undefined ? {} : { onDelete: entry.onDelete }),
    });
    if (waf !== undefined) WafWebhook.forPolicy(`waf-${entry.widgetId}`, policy, waf);
    digests[entry.widgetId] = policy.policyDigest;
  }
  return { digests };
}
