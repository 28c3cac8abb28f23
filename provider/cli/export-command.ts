import { parseArgs } from "node:util";
import { resolve } from "node:path";
import {
  describeLeftOut,
  exportTypeScript,
  exportYaml,
  planExport,
} from "../inventory/export-document";
import {
  commandContext,
  commandFailure,
  openCommandTenant,
  type CommandIo,
} from "./command-tenant";
import { claimStackOf, projectNameIn } from "./claim-stack";
import { checkOutputPath, writeOutputFile } from "./output-file";
import { readWidgets } from "./read-widgets";
import { widgetIds } from "./widget-ids";

/** The exit codes of `export`. */
export const EXPORT_EXIT = {
  /** Every widget read is written as code, or left out for a reason that needs nothing done. */
  ok: 0,
  /** Widgets whose live policy today's rules refuse were left out (written as comments). */
  invalid: 1,
  /** The export could not run: bad arguments, settings, ids, tenant or output path. */
  cannotRun: 2,
} as const;

/** The formats `export` writes. */
export const EXPORT_FORMATS = ["yaml", "ts"] as const;

type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Pure: the format asked for, else the one the output file's name says, else YAML. */
export function exportFormat(format: string | undefined, out: string | undefined): ExportFormat {
  if (format !== undefined) {
    const chosen = EXPORT_FORMATS.find((f) => f === format);
    if (chosen === undefined)
      throw new Error(`--format ${format}: not a format; use ${EXPORT_FORMATS.join(" or ")}`);
    return chosen;
  }
  return out !== undefined && /\.ts$/i.test(out) ? "ts" : "yaml";
}

/**
 * `pulumi-cxone-webchat export`: reads widgets from the tenant a stack (or the environment)
 * names, and writes the many-widgets example's data file, or a TypeScript program, with a
 * `livePolicyDigest` per widget. Widgets another stack claims, widgets with no policy and widgets
 * whose policy today's rules refuse are left out, each said on stderr (the refused ones with
 * every field, value and rule) and listed as comments at the end. Returns the exit code (see
 * {@link EXPORT_EXIT}).
 */
export async function exportCommand(args: readonly string[], io: CommandIo): Promise<number> {
  let options;
  try {
    options = parseArgs({
      args: [...args],
      options: {
        ids: { type: "string" },
        "ids-file": { type: "string" },
        stack: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        force: { type: "boolean", default: false },
        "skip-invalid": { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    io.err(`export: ${(error as Error).message}`);
    return EXPORT_EXIT.cannotRun;
  }
  const out = options.out === undefined ? undefined : resolve(io.cwd, options.out);
  const context = commandContext(io);
  try {
    const format = exportFormat(options.format, options.out);
    if (out !== undefined) checkOutputPath(out, options.force);
    const tenant = openCommandTenant(options.stack, io, context);
    const { ids } = await widgetIds(
      { ids: options.ids, idsFile: options["ids-file"] },
      tenant.client,
      io.cwd,
    );
    const reads = await readWidgets(tenant.client, ids);
    if (reads.unknown.length > 0) {
      for (const id of reads.unknown) io.err(`widget ${id}: not found on ${tenant.description}`);
      io.err(
        `${reads.unknown.length} of ${ids.length} widget id(s) unknown on ${tenant.description}: nothing written; correct or remove them`,
      );
      return EXPORT_EXIT.cannotRun;
    }
    // A widget the stack exported for already claims is its own: it stays in the file.
    const ownStack =
      options.stack === undefined ? undefined : claimStackOf(options.stack, projectNameIn(io.cwd));
    const plan = planExport(reads.widgets, ownStack);
    let invalid = 0;
    for (const { widgetId, reason } of plan.leftOut) {
      if (reason.kind === "invalid") {
        invalid += 1;
        io.err(`widget ${widgetId}: left out: its live policy breaks today's rules:`);
        for (const violation of reason.violations) io.err(`  ${violation}`);
      } else io.err(`widget ${widgetId}: left out: ${describeLeftOut(reason)}`);
    }
    const text =
      format === "ts"
        ? exportTypeScript(plan, tenant.description)
        : exportYaml(plan, tenant.description);
    if (out === undefined) io.out(text.replace(/\n$/, ""));
    else writeOutputFile(out, text, options.force);
    io.err(
      `exported ${plan.exported.length} of ${reads.widgets.length} widget(s) from ${tenant.description}` +
        `${out === undefined ? "" : ` to ${out}`}; ${plan.leftOut.length} left out`,
    );
    if (invalid > 0 && !options["skip-invalid"]) {
      io.err(
        `${invalid} widget(s) left out because today's rules refuse their live policy (exit ${EXPORT_EXIT.invalid}): ` +
          "fix them on the tenant and export again, or give --skip-invalid to accept leaving them out",
      );
      return EXPORT_EXIT.invalid;
    }
    return EXPORT_EXIT.ok;
  } catch (error) {
    io.err(commandFailure("export", error, context));
    return EXPORT_EXIT.cannotRun;
  }
}
