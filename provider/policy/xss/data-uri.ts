/**
 * `data:` URIs: which media types can run script, decided per type in one list.
 *
 * A `data:` URI carries its own document, so it is refused unless its type is one that no
 * browser runs as script wherever the URI is used: as a page (`<iframe src>`, `<object data>`,
 * top-level navigation) or as a script (`<script src>`, `import()`). The Fetch Standard makes
 * browsers refuse to run a response as script when its type is `image/*`, `audio/*`,
 * `video/*` or `text/csv` ("should response to request be blocked due to its MIME type?");
 * among those, raster images, audio and video are also shown as media, never as a document
 * that runs script. Everything else is refused:
 *
 * - `image/svg+xml`: an SVG document runs its `<script>` and handlers in a frame.
 * - `text/html`, `application/xhtml+xml`, `text/xml`, `application/xml`: documents.
 * - `text/javascript` and friends: script.
 * - `text/plain`, `application/octet-stream`, fonts, `text/css`: not blocked by the Fetch
 *   Standard's check, so `<script src="data:text/plain,alert(1)">` runs.
 * - `application/pdf`: a PDF viewer may run the document's JavaScript.
 * - `data:,x` and `data:;base64,x`: no type means `text/plain`, as above.
 */

/**
 * The media types of a `data:` URI that cannot run script: raster images, audio and video. An
 * explicit list rather than `image/*`, which would take in `image/svg+xml`.
 */
export const INERT_DATA_TYPES: ReadonlySet<string> = new Set([
  "image/apng",
  "image/avif",
  "image/bmp",
  "image/gif",
  "image/jpeg",
  "image/jpg",
  "image/pjpeg",
  "image/png",
  "image/webp",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "audio/aac",
  "audio/flac",
  "audio/mp4",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/webm",
  "video/mp4",
  "video/ogg",
  "video/webm",
]);

/** `data:` and its media type if it has one, or the `,` or `;` that stands for `text/plain`. */
const DATA_URI = /data:(?:([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)|([,;]))/gi;

/**
 * The first `data:` URI in `text` whose type could run script (`data:text/html`, `data:,`),
 * lowercased, or undefined when every one is of an {@link INERT_DATA_TYPES} type. Linear: one
 * pass of a regex without nested repetition.
 */
export function findScriptDataUri(text: string): string | undefined {
  if (!/data:/i.test(text)) return undefined;
  for (const match of text.matchAll(DATA_URI)) {
    const type = match[1]?.toLowerCase();
    if (type === undefined) return `data:${match[2] ?? ""}`;
    if (!INERT_DATA_TYPES.has(type)) return `data:${type}`;
  }
  return undefined;
}
