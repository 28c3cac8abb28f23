import type { IncomingMessage } from "node:http";
import { HttpReply } from "./http-reply";
import { tenantPolicyErrors } from "./tenant-policy-rules";
import type { StoredWidget, WidgetStore } from "./widget-store";

/**
 * How the simulated tenant answers the list of widgets, `GET /api/v2/webchat/widgets`. CXone's
 * public documentation names no such list, so it is an assumption (see docs/real-tenant.md):
 * - `paged`: pages of `{"widgets": [{"id", "name"}], "nextCursor": <text or null>}`, by id;
 * - `absent`: 404, as a tenant without the list would answer;
 * - `endless`: every page names a next one, as a broken tenant might;
 * - `malformed`: a 200 whose body is not JSON.
 */
export const WIDGET_LIST_MODES = ["paged", "absent", "endless", "malformed"] as const;

/** One of {@link WIDGET_LIST_MODES}. */
export type WidgetListMode = (typeof WIDGET_LIST_MODES)[number];

/** The most widgets a page of the list holds, and how many it holds unless asked. */
export const WIDGET_PAGE = { max: 100, default: 50 } as const;

/** The widget routes, `GET` and `PUT /api/v2/webchat/widgets/{id}`, over a {@link WidgetStore}. */
export class WidgetRoutes {
  /**
   * Mutations to apply just before a PUT is checked (the next one, or the next of `widgetId`):
   * another writer racing the client.
   */
  private readonly racingWrites: Array<{
    readonly edit: (widget: StoredWidget) => void;
    readonly widgetId: string | undefined;
  }> = [];

  constructor(
    private readonly widgets: WidgetStore,
    private readonly listMode: WidgetListMode = "paged",
  ) {}

  /**
   * Answers the list of widgets: one page of summaries, in id order, after the id the `cursor`
   * names, with at most `limit` of them (see {@link WidgetListMode}).
   */
  list(query: URLSearchParams): HttpReply {
    if (this.listMode === "absent") return new HttpReply(404, { message: "no such route" });
    if (this.listMode === "malformed") return HttpReply.raw(200, '{"widgets": [{"id": "wc-');
    const limitText = query.get("limit");
    const limit = limitText === null ? WIDGET_PAGE.default : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > WIDGET_PAGE.max)
      return new HttpReply(400, {
        message: `limit must be a whole number from 1 to ${WIDGET_PAGE.max}`,
        errors: [{ field: "limit", message: `must be from 1 to ${WIDGET_PAGE.max}` }],
      });
    const cursor = query.get("cursor");
    const after = cursor === null ? undefined : Buffer.from(cursor, "base64url").toString("utf8");
    const ids = this.widgets.ids().sort();
    // An endless list serves its first page again and again, each time under a new cursor.
    const endless = this.listMode === "endless";
    const start = after === undefined || endless ? 0 : ids.findIndex((id) => id > after);
    const page = start < 0 ? [] : ids.slice(start, start + limit);
    const last = page.at(-1);
    const more = start >= 0 && start + limit < ids.length;
    const nextCursor = endless
      ? Buffer.from(`${after ?? ""}~`).toString("base64url")
      : more && last !== undefined
        ? Buffer.from(last).toString("base64url")
        : null;
    const widgets = page.map((id) => {
      const name = this.widgets.get(id)?.widget.name;
      return { id, ...(typeof name === "string" ? { name } : {}) };
    });
    return new HttpReply(200, { widgets, nextCursor });
  }

  /** Edits a widget behind the client's back; returns the new ETag. */
  edit(id: string, edit: (widget: StoredWidget) => void): string {
    const current = this.widgets.get(id);
    if (current === undefined) throw new Error(`no widget ${id}`);
    edit(current.widget);
    return this.widgets.put(current.widget);
  }

  /** Schedules an edit between the client's next GET and PUT (of `widgetId`, when given). */
  raceNextPut(edit: (widget: StoredWidget) => void, widgetId?: string): void {
    this.racingWrites.push({ edit, widgetId });
  }

  /** Answers `GET` of a widget, with its ETag. */
  get(id: string): HttpReply {
    const found = this.widgets.get(id);
    if (found === undefined) return new HttpReply(404, { message: `widget ${id} not found` });
    return new HttpReply(200, found.widget, { etag: found.etag });
  }

  /**
   * Answers `PUT` of a widget: If-Match is required and must be the current ETag (or `*`, as
   * the original published script sends), the body must be the widget, and its policy must
   * meet the tenant's rules (see {@link tenantPolicyErrors}).
   */
  put(id: string, req: IncomingMessage, body: string): HttpReply {
    const at = this.racingWrites.findIndex((r) => r.widgetId === undefined || r.widgetId === id);
    const race = at === -1 ? undefined : this.racingWrites.splice(at, 1)[0];
    if (race !== undefined && this.widgets.get(id) !== undefined) this.edit(id, race.edit);
    const current = this.widgets.get(id);
    if (current === undefined) return new HttpReply(404, { message: `widget ${id} not found` });
    const ifMatch = req.headers["if-match"];
    if (ifMatch === undefined) return new HttpReply(428, { message: "If-Match is required" });
    if (ifMatch !== "*" && ifMatch !== current.etag) {
      return new HttpReply(
        412,
        { message: "the widget has changed since it was read" },
        { etag: current.etag },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return new HttpReply(400, { message: "the body is not JSON" });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return new HttpReply(400, { message: "the body must be a widget object" });
    }
    const widget = parsed as Record<string, unknown>;
    if (widget.id !== undefined && widget.id !== id) {
      return new HttpReply(400, {
        message: `the body's id ${String(widget.id)} differs from the path's ${id}`,
        errors: [{ field: "id", message: "must match the path" }],
      });
    }
    const settings = widget.settings;
    if (
      settings !== undefined &&
      (typeof settings !== "object" || settings === null || Array.isArray(settings))
    ) {
      return new HttpReply(400, {
        message: "settings must be an object",
        errors: [{ field: "settings", message: "must be an object" }],
      });
    }
    const policy = (settings as Record<string, unknown> | undefined)?.securityPolicies;
    if (policy !== undefined && policy !== null) {
      const errors = tenantPolicyErrors(policy);
      if (errors.length > 0) {
        return new HttpReply(422, { message: "invalid security policy", errors });
      }
    }
    const stored = { ...widget, id } as StoredWidget;
    const etag = this.widgets.put(stored);
    return new HttpReply(200, stored, { etag });
  }
}
