import { fileURLToPath } from "node:url";
import { InvalidSettingError } from "../errors/input-errors";
import { auditDirectoryProblem } from "./audit-directory";
import type { AuditSink, SinkKind, SinkOptions } from "./audit-sink";
import { dirSinkKind } from "./local-dir-sink";
import { s3SdkProblem, type ModuleRequire } from "./s3-sdk";
import { s3SinkKind } from "./s3-sink";

/** Every kind of audit sink, by the URL scheme it serves. A new kind is one file and one line. */
export const SINK_KINDS = {
  file: dirSinkKind,
  s3: s3SinkKind,
} as const satisfies Record<string, SinkKind>;

/** A scheme in {@link SINK_KINDS}. */
export type SinkScheme = keyof typeof SINK_KINDS;

/** The scheme of a location: a URL's, or `file` for a path. */
export function sinkScheme(location: string): string {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase() ?? "file";
}

/** The directory a location names, when its sink is a local one; undefined for a URL of another kind. */
export function localAuditPath(location: string): string | undefined {
  if (sinkScheme(location) !== "file") return undefined;
  if (!location.startsWith("file:")) return location;
  try {
    return fileURLToPath(location);
  } catch {
    return undefined;
  }
}

/**
 * Why the sink a location names cannot take lines, found before any is written and without the
 * network: a directory that cannot be created or written, or an `s3://` sink whose SDK (an
 * optional peer dependency) is not installed. Undefined when nothing is found: a bucket is first
 * reached when a line is written, with the spool behind it.
 *
 * @param load how the S3 SDK is looked for. @default Node's require, from this package
 */
export function sinkProblem(location: string, load?: ModuleRequire): string | undefined {
  const dir = localAuditPath(location);
  if (dir !== undefined) return auditDirectoryProblem(dir);
  return sinkScheme(location) === "s3" ? s3SdkProblem(load) : undefined;
}

/**
 * Opens the sink a location names: a directory (a path, or a `file://` URL) or an `s3://` URL.
 * Refuses any other scheme, naming the setting, the value and the kinds there are.
 *
 * @param source where the location came from, for messages (`cxone:audit`, `CXONE_AUDIT`)
 */
export function openSink(location: string, source: string, options: SinkOptions): AuditSink {
  const scheme = sinkScheme(location);
  if (!Object.hasOwn(SINK_KINDS, scheme)) {
    const kinds = Object.values(SINK_KINDS as Record<string, SinkKind>)
      .map((kind) => `${kind.describe} (${kind.example})`)
      .join(" or ");
    throw new InvalidSettingError(
      source,
      location,
      `has no audit sink for ${scheme}://; use ${kinds}`,
    );
  }
  return SINK_KINDS[scheme as SinkScheme].open(location, source, options);
}
