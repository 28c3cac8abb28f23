import type { WidgetSnapshot } from "../cxone/widget";
import { isCxoneWebchatError } from "../errors/base-error";
import { inspectWidget, type LiveWidget } from "../inventory/live-widget";

/** What reads one widget: a `CxoneClient`, in the commands. */
export interface WidgetReader {
  getWidget(widgetId: string): Promise<WidgetSnapshot>;
}

/** What a read of many widgets found. */
export interface WidgetReads {
  /** Each widget found, in the order of the ids asked for. */
  readonly widgets: LiveWidget[];
  /** The ids the tenant answered 404 for, in the order asked. */
  readonly unknown: string[];
}

/**
 * How many reads wait at once. The client's pacing decides when each leaves; this only keeps
 * enough of them queued that the pacing never waits for a request to be made, without holding
 * hundreds of sockets and promises for a large tenant.
 * @default 32
 */
export const READ_CONCURRENCY = 32;

/**
 * Reads every widget of `ids`, one GET each, several in flight, paced and retried by the reader
 * (the client's shared tenant pacing and retries). A 404 is collected as an unknown id; any other
 * failure (a refused token, a tenant that cannot be reached after every retry) stops the reads
 * not yet started and is thrown, once. `onRead` is given each widget as soon as it is read, to start
 * work on it (without awaiting it) while later reads wait for their turn in the pacing.
 */
export async function readWidgets(
  reader: WidgetReader,
  ids: readonly string[],
  {
    concurrency = READ_CONCURRENCY,
    onRead,
  }: {
    /** @default {@link READ_CONCURRENCY} */
    concurrency?: number;
    /** @default none */
    onRead?: (widget: LiveWidget) => void;
  } = {},
): Promise<WidgetReads> {
  const found = new Map<string, LiveWidget>();
  const unknown = new Set<string>();
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < ids.length) {
      const id = ids[next++] as string;
      try {
        const widget = inspectWidget((await reader.getWidget(id)).widget);
        found.set(id, widget);
        onRead?.(widget);
      } catch (error) {
        if (isCxoneWebchatError(error, "widget-not-found")) unknown.add(id);
        else failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return {
    widgets: ids.flatMap((id) => {
      const widget = found.get(id);
      return widget === undefined ? [] : [widget];
    }),
    unknown: ids.filter((id) => unknown.has(id)),
  };
}
