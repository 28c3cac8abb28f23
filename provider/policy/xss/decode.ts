import { decodeHTML } from "entities";

/**
 * The decodings an attacker stacks to hide a vector from a filter, each undone the way the
 * layer that would undo it in a browser does. Every function here is pure and linear in its
 * input; the regular expressions are non-global, or used only through `replace`, which resets
 * them, so no state carries from one call to the next.
 */

/**
 * How a backslash escape is read: JavaScript (`\x3c`, `\u003c`, `\u{3c}`, octal `\74`) or CSS
 * (`\3c `, `\6e`). The two disagree on `\74`, so the text is decoded both ways.
 */
export type EscapeFlavour = "js" | "css";

function codePoint(code: number, original: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : original;
}

/** How many continuation bytes a UTF-8 lead byte announces, or 0 for a byte that leads none. */
function continuationCount(byte: number): number {
  if (byte >= 0xc0 && byte <= 0xdf) return 1;
  if (byte >= 0xe0 && byte <= 0xef) return 2;
  if (byte >= 0xf0 && byte <= 0xf7) return 3;
  return 0;
}

/**
 * Decodes a run of `%XX` bytes as UTF-8, leniently: overlong forms (`%C0%BC` for `<`), which
 * old servers and decoders accepted, decode to their code point, and a byte that starts no valid
 * sequence stands for its Latin-1 character.
 */
function decodeUtf8Bytes(bytes: readonly number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] ?? 0;
    const more = continuationCount(lead);
    const tail = bytes.slice(i + 1, i + 1 + more);
    if (more > 0 && tail.length === more && tail.every((b) => (b & 0xc0) === 0x80)) {
      let code = lead & (0x3f >> more);
      for (const b of tail) code = (code << 6) | (b & 0x3f);
      out += codePoint(code, "\ufffd");
      i += 1 + more;
    } else {
      out += String.fromCharCode(lead);
      i += 1;
    }
  }
  return out;
}

/** Percent-encoding, as a server or `decodeURIComponent` would undo it, and IIS's `%uXXXX`. */
export function decodePercent(text: string): string {
  if (!text.includes("%")) return text;
  return text
    .replace(/%u([0-9a-f]{4})/gi, (m, hex: string) => codePoint(parseInt(hex, 16), m))
    .replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
      decodeUtf8Bytes(
        run
          .split("%")
          .slice(1)
          .map((hex) => parseInt(hex, 16)),
      ),
    );
}

/**
 * HTML character references, by the whole HTML5 table (about 2,000 names, from `entities`),
 * numeric ones with or without the semicolon, and the legacy names that a browser decodes in
 * text even without one (`&ltscript&gt`). A name with no semicolon right before `=` is left as
 * it is, as browsers do in attribute values: `?a=1&lt=2` is a query parameter named `lt`.
 */
export function decodeEntities(text: string): string {
  // One reference at a time: `decodeHTML` on a whole megabyte of `&#` grows faster than linear.
  if (!text.includes("&")) return text;
  return text.replace(/&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);?/gi, (ref, offset: number) => {
    const bareName = !ref.endsWith(";") && !ref.startsWith("&#");
    return bareName && text[offset + ref.length] === "=" ? ref : decodeHTML(ref);
  });
}

/**
 * JavaScript string escapes; any other escaped character stands for itself. The numeric forms
 * are decoded before the identity escapes, so `\\x41` also reads as `\A`: reading too much
 * only adds a stage to search, and a callback per backslash would make a run of them slow.
 */
function decodeJsEscapes(text: string): string {
  if (!text.includes("\\")) return text;
  return text
    .replace(
      /\\(?:x([0-9a-f]{2})|u\{([0-9a-f]{1,6})\}|u([0-9a-f]{4})|([0-3][0-7]{0,2}|[4-7][0-7]?))/gi,
      (m, x?: string, braced?: string, u?: string, octal?: string) => {
        const hex = x ?? braced ?? u;
        return hex !== undefined
          ? codePoint(parseInt(hex, 16), m)
          : codePoint(parseInt(octal ?? "", 8), m);
      },
    )
    .replace(/\\([^\r\n])/g, "$1");
}

/** CSS escapes: up to six hex digits and one optional white space, or the escaped character. */
function decodeCssEscapes(text: string): string {
  if (!text.includes("\\")) return text;
  return text
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/gi, (m, hex: string) => codePoint(parseInt(hex, 16), m))
    .replace(/\\([^\r\n\f0-9a-f])/gi, "$1");
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The UTF-16 code units that a run of modified base64 stands for. */
function utf16FromBase64(run: string): string {
  let bits = 0;
  let value = 0;
  const units: number[] = [];
  for (const c of run) {
    value = ((value << 6) | BASE64.indexOf(c === "," ? "/" : c)) & 0xffffff;
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      units.push((value >> bits) & 0xffff);
    }
  }
  let out = "";
  for (let i = 0; i < units.length; i += 4096) {
    out += String.fromCharCode(...units.slice(i, i + 4096));
  }
  return out;
}

/**
 * UTF-7 (`+ADw-script+AD4-`), which old browsers sniffed from a page's bytes, and its IMAP form
 * (`&ADw-`, with `,` for `/`), which a `<meta charset>` could select.
 */
export function decodeUtf7(text: string): string {
  return text
    .replace(/\+([A-Za-z0-9+/]{3,})-?/g, (m, run: string) => utf16FromBase64(run) || m)
    .replace(/&([A-Za-z0-9+,]{3,})-?/g, (m, run: string) => utf16FromBase64(run) || m);
}

/** A byte of an 8-bit charset with its high bit set, as a percent or entity decoder gives it. */
const HIGH_BIT = /[\u0080-\u00ff]/;

/**
 * Each Latin-1 character with its high bit dropped: a page served as US-ASCII to old Internet
 * Explorer read `%BCscript%BE` (¼script¾) as `<script>`.
 */
export function dropHighBit(text: string): string {
  if (!HIGH_BIT.test(text)) return text;
  return text.replace(/[\u0080-\u00ff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0x7f));
}

/**
 * The text as a US-ASCII page would read it once the URL and the page have been decoded: before
 * NFKC, which turns ¼ into 1⁄4, so that `&#188;script&#190;` and `\xBCscript\xBE` read as
 * `<script>` as well as `%BCscript%BE`. `undefined` when no character has its high bit set.
 */
export function readAsUsAscii(text: string): string | undefined {
  const decoded = decodeEntities(decodePercent(text));
  return HIGH_BIT.test(decoded) ? dropHighBit(decoded) : undefined;
}

/**
 * ISO-2022 escape sequences (`ESC ( B`, `ESC $ @`, `ESC $ ( D`...), which switch character sets
 * and show nothing: a page read as ISO-2022-JP sees `java%1B(Bscript:` as `javascript:`.
 */
const ISO_2022_ESCAPE = /\u001b(?:\$[()*+]?|[()*+,\-./])?[@-~]/g;

/** The text with every ISO-2022 escape sequence removed. */
export function dropIso2022Escapes(text: string): string {
  return text.includes("\u001b") ? text.replace(ISO_2022_ESCAPE, "") : text;
}

/** One pass of every decoding, in the order a request meets them (URL, page, script). */
export function decodeOnce(text: string, flavour: EscapeFlavour): string {
  const entities = decodeEntities(decodePercent(text));
  // NFKC only changes text beyond ASCII; skipping it for ASCII saves a pass over the text.
  const unescaped = /[^\u0000-\u007f]/.test(entities) ? entities.normalize("NFKC") : entities;
  return flavour === "js" ? decodeJsEscapes(unescaped) : decodeCssEscapes(unescaped);
}
