import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** A stored widget: JSON as last written. */
export type StoredWidget = Record<string, unknown> & { id: string };

interface Entry {
  widget: StoredWidget;
  version: number;
  etag: string;
}

/** Widgets seeded with the settings a real tenant has, so that a lost field shows. */
export function defaultWidgets(): StoredWidget[] {
  return [
    {
      id: "wc-support-001",
      name: "Support chat",
      channelId: "chat_7f3a",
      status: "active",
      settings: {
        theme: { primaryColor: "#0b5fff", position: "bottom-right", font: "Inter" },
        greeting: "Hi! How can we help?",
        offlineMessage: "We are offline. Leave a message.",
        businessHours: { timezone: "Europe/Berlin", days: ["mon", "tue", "wed", "thu", "fri"] },
        languages: ["en", "de"],
        securityPolicies: {
          corsOrigins: ["https://legacy.example.com"],
          authentication: { requireToken: false },
          rules: [],
          allowInsecureOrigins: false,
        },
      },
    },
    {
      id: "wc-sales-002",
      name: "Sales chat",
      channelId: "chat_91bc",
      status: "active",
      settings: {
        theme: { primaryColor: "#00a36c", position: "bottom-left" },
        greeting: "Questions about pricing?",
        languages: ["en"],
      },
    },
    {
      id: "wc-staging-003",
      name: "Staging chat",
      channelId: "chat_c0de",
      status: "testing",
      settings: { theme: { primaryColor: "#7a7a7a" }, greeting: "Staging: not for customers." },
    },
  ];
}

/**
 * The simulator's widgets. Every write gets a new strong ETag, even when the body is the same,
 * as CXone's do; optionally persisted to a JSON file after each write.
 */
export class WidgetStore {
  private readonly entries = new Map<string, Entry>();
  private version = 0;

  constructor(
    seed: readonly StoredWidget[],
    private readonly persistPath?: string,
  ) {
    const initial =
      persistPath !== undefined && existsSync(persistPath) ? loadFile(persistPath) : seed;
    for (const widget of initial) this.put(widget);
  }

  /** The widget and its ETag, or undefined. Returns a deep copy: callers cannot edit the store. */
  get(id: string): { widget: StoredWidget; etag: string } | undefined {
    const entry = this.entries.get(id);
    return entry === undefined
      ? undefined
      : { widget: structuredClone(entry.widget), etag: entry.etag };
  }

  /** Stores a widget (replacing any previous one) and returns its new ETag. */
  put(widget: StoredWidget): string {
    this.version += 1;
    const body = JSON.stringify(widget);
    const hash = createHash("sha256").update(`${this.version}:${body}`).digest("hex").slice(0, 20);
    const etag = `"${hash}"`;
    this.entries.set(widget.id, { widget: structuredClone(widget), version: this.version, etag });
    this.persist();
    return etag;
  }

  /** Removes a widget; true when it existed. */
  delete(id: string): boolean {
    const existed = this.entries.delete(id);
    if (existed) this.persist();
    return existed;
  }

  /** Every widget id. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  private persist(): void {
    if (this.persistPath === undefined) return;
    const tmp = `${this.persistPath}.tmp`;
    writeFileSync(
      tmp,
      JSON.stringify({ widgets: [...this.entries.values()].map((e) => e.widget) }, null, 2),
    );
    renameSync(tmp, this.persistPath);
  }
}

function loadFile(path: string): StoredWidget[] {
  const data = JSON.parse(readFileSync(path, "utf8")) as { widgets?: StoredWidget[] };
  return data.widgets ?? [];
}
