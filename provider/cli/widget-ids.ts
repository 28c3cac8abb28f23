import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { listWidgetIds, type WidgetLister } from "../inventory/list-widgets";

/** Where a command's widget ids come from: `--ids`, `--ids-file`, or the tenant's list. */
export interface IdsRequest {
  /** `--ids a,b,c`. */
  readonly ids?: string | undefined;
  /** `--ids-file <file>`: one id a line (or several, split by commas or spaces); `#` comments. */
  readonly idsFile?: string | undefined;
}

/** A command line's widget ids that cannot be used, or a tenant with no list: said in one line. */
export class WidgetIdsError extends Error {
  override readonly name = "WidgetIdsError";
}

/**
 * Pure: the ids in a text of `--ids` or of an ids file, in their order, each once. Blank parts
 * and `#` comments are skipped.
 */
export function parseIds(text: string): string[] {
  const ids = text
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((id) => id !== "");
  return [...new Set(ids)];
}

/** What the tenant answers when it has no list: the way on. */
export const NO_LIST_HINT =
  "the tenant has no list of widgets (GET /api/v2/webchat/widgets answered 404 Not Found): give the widget ids with --ids <id>,<id> or --ids-file <file>";

/**
 * The widget ids a command works on: those given (`--ids` and `--ids-file` together), else
 * every widget the tenant lists. Throws {@link WidgetIdsError} for an ids file that cannot be
 * read or names none, and for a tenant without a list; the list's own errors (a list that does
 * not end, an answer that is not a page) as they are.
 */
export async function widgetIds(
  request: IdsRequest,
  lister: WidgetLister,
  cwd: string,
): Promise<{ readonly ids: string[]; readonly listed: boolean }> {
  if (request.ids !== undefined || request.idsFile !== undefined) {
    let text = request.ids ?? "";
    if (request.idsFile !== undefined) {
      try {
        text += `\n${readFileSync(resolve(cwd, request.idsFile), "utf8")}`;
      } catch (error) {
        throw new WidgetIdsError(
          `--ids-file ${request.idsFile}: cannot be read: ${(error as Error).message}`,
        );
      }
    }
    const ids = parseIds(text);
    if (ids.length === 0)
      throw new WidgetIdsError(
        `${request.idsFile === undefined ? "--ids" : `--ids-file ${request.idsFile}`}: names no widget id`,
      );
    return { ids, listed: false };
  }
  const listed = await listWidgetIds(lister);
  if (listed === undefined) throw new WidgetIdsError(NO_LIST_HINT);
  return { ids: listed, listed: true };
}
