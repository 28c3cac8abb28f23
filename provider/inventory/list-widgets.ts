import type { WidgetPage } from "../cxone/client";
import { CxoneApiError } from "../errors/api-errors";

/** How many widgets a page asks for: the most the list serves. */
export const LIST_PAGE_SIZE = 100;

/** The most widgets a tenant's list may name before it is taken for one that pages forever. */
export const MAX_LISTED_WIDGETS = 20_000;

/** What lists a tenant's widgets a page at a time: a `CxoneClient`, in the commands. */
export interface WidgetLister {
  listWidgets(cursor: string | undefined, limit: number): Promise<WidgetPage | undefined>;
}

/**
 * Every widget id the tenant lists, in the order it lists them, or undefined when it has no list
 * (404): the caller then needs ids. A list that never ends is stopped, never followed: a cursor
 * seen before, a page that names only ids already listed, or more than
 * {@link MAX_LISTED_WIDGETS} ids, each end it with a {@link CxoneApiError} saying which.
 */
export async function listWidgetIds(
  lister: WidgetLister,
  { maxWidgets = MAX_LISTED_WIDGETS, pageSize = LIST_PAGE_SIZE } = {},
): Promise<string[] | undefined> {
  const ids: string[] = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    const answer = await lister.listWidgets(cursor, pageSize);
    if (answer === undefined) {
      if (page === 1) return undefined;
      throw endless(`page ${page} answered 404 after ${page - 1} page(s)`);
    }
    const fresh = answer.widgetIds.filter((id) => !seen.has(id));
    if (answer.widgetIds.length > 0 && fresh.length === 0)
      throw endless(`page ${page} names only widgets listed before (${answer.widgetIds[0]}, ...)`);
    for (const id of fresh) {
      seen.add(id);
      ids.push(id);
    }
    if (ids.length > maxWidgets)
      throw endless(`it named more than ${maxWidgets} widgets in ${page} pages`);
    if (answer.nextCursor === null) return ids;
    if (cursors.has(answer.nextCursor))
      throw endless(`page ${page} points back to a page already read`);
    cursors.add(answer.nextCursor);
    cursor = answer.nextCursor;
  }
}

function endless(why: string): CxoneApiError {
  return new CxoneApiError({
    method: "GET",
    path: "/api/v2/webchat/widgets",
    status: 200,
    statusText: "OK",
    detail: `the list of widgets does not end: ${why}. Give the widget ids instead (--ids or --ids-file)`,
  });
}
