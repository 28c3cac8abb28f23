import type { IncomingMessage } from "node:http";
import { HttpReply } from "./http-reply";
import { tenantPolicyErrors } from "./tenant-policy-rules";
import type { StoredWidget, WidgetStore } from "./widget-store";

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

  constructor(private readonly widgets: WidgetStore) {}

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
