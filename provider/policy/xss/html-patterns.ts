/**
 * Where an HTML parser would see a tag or an attribute. Each pattern is a regex without nested
 * repetition, so a search is linear in the text.
 */

/** Any tag a browser could open or close, a comment, a processing instruction, a bare bracket. */
export const MARKUP = /<\/?[!?]?[a-z][a-z0-9:_-]{0,15}|<[!?/%]|[<>]/i;

/**
 * `script` right after a character that could not be decoded (U+FFFD) or a letter of an 8-bit
 * charset: in a page read in another charset that byte may be `<`, as ¼ is in US-ASCII. The
 * byte itself is lost by the time the text reaches the check (`�scriptualert(1)`).
 */
export const LOST_BYTE_TAG = /[\u0080-\u024f\ufffd]\/?script/i;

/**
 * Quotation marks that end an attribute value, straight or typographic: a server or database
 * that folds Unicode to ASCII ("best fit") turns `“`, `”`, `″` and `′` into `"` and `'`, and
 * NFKC turns `″` into `′′`.
 */
const QUOTES =
  "\"'`\u00ab\u00bb\u02b9\u02ba\u02bc\u02ee\u05f3\u05f4\u2018-\u201f\u2032-\u2037\u2039\u203a\u300c-\u300f\u301d-\u301f";

/**
 * `on<letters>=` where an HTML parser starts an attribute name: at the start, after white space,
 * `/` or a closing quote (straight or typographic). Inside a word (`sessionEnd=`,
 * `pauseOnClick=`) or after `?`, `&`, `_` or `.` it is part of another name and runs nothing. In
 * script, `{` starts a block that can assign the global handler (`{onerror=eval}`).
 */
export const EVENT_HANDLER = new RegExp(
  `(?:^|[ /{${QUOTES}])(on[a-z]{2,64})[^ a-z0-9=]{0,32} ?=`,
  "i",
);

/**
 * Attributes that carry a document or script, or load one, and that no URL names a parameter
 * after: refused wherever a name starts, even after `?` or `&`, since a page that echoes the
 * query into a tag would make them attributes. `.srcdoc=` is script filling a frame.
 */
export const ATTRIBUTE_ANYWHERE = /(?<![a-z0-9_-])(srcdoc|formaction|xlink:href|xml:base) ?=/i;

/** The names of {@link ATTRIBUTE_ANYWHERE} alone: a cheap test that spares its boundary search. */
export const ATTRIBUTE_ANYWHERE_NAME = /srcdoc|formaction|xlink:href|xml:base/i;

/** White space or a quote, without which {@link ATTRIBUTE_IN_TAG} cannot match. */
export const SPACE_OR_QUOTE = new RegExp(`[ ${QUOTES}]`);

/**
 * Attributes that load a URL (or, for `style`, carry CSS, which loads URLs and ran script in old
 * browsers), refused where they follow white space or a quote, as they do when a value breaks
 * out into a new attribute (`" src=//evil/x.js`). After `?` or `&` they are query parameters
 * (`?src=1`, `&action=edit`).
 */
export const ATTRIBUTE_IN_TAG = new RegExp(
  `[ ${QUOTES}](href|src|srcset|action|data|background|poster|lowsrc|dynsrc|codebase|code|archive|classid|cite|ping|longdesc|usemap|manifest|style) ?=`,
  "i",
);
