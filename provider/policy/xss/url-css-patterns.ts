/**
 * Script reached through a URL scheme or through CSS. Both are case-insensitive, as browsers
 * read them.
 */

/**
 * URL schemes that run script, in browsers old or new. `data:` is decided per media type in
 * `data-uri.ts`.
 */
export const SCRIPT_SCHEME = /(?:java|vb|live|j|ecma)script:|mocha:|res:\/\//i;

/**
 * CSS that runs script or loads behaviour: `expression(` (old Internet Explorer) at the start
 * or where a CSS value starts (after `:`, `=`, `(`, `,`, `;`, `{` or a quote), `behavior:`,
 * `-moz-binding`, `-o-link:`, `@import`. Searched without comments, so `expr/**\/ession(`
 * counts; `/glossary/expression(s)` is a path segment, not a value.
 */
export const CSS_SCRIPT =
  /(?:^|[:=(,;{"'`])expression\(|behaviou?r:|-moz-binding|-o-link:|@import/i;
