import {
  decodeOnce,
  decodeUtf7,
  dropIso2022Escapes,
  readAsUsAscii,
  type EscapeFlavour,
} from "./decode";

/**
 * The forms in which one decoding stage of a text is searched. Neither is lowercased: script
 * is case-sensitive (`Alert(1)` calls nothing), HTML and URL schemes are not, and each rule
 * says which it needs.
 */
export interface Stage {
  /** White space and control characters as single spaces, invisible characters gone. */
  readonly spaced: string;
  /** {@link Stage.spaced} with the spaces gone too: how a keyword split by junk reads. */
  readonly compact: string;
  /** {@link Stage.compact} without `/* ... *\/` comments, which CSS and script skip inside a value. */
  readonly uncommented: string;
  /**
   * {@link Stage.spaced} with each `/* ... *\/` comment read as one space, as script reads it:
   * `x eval/**\/(1)` keeps the boundary before `eval` that {@link Stage.uncommented} loses.
   */
  readonly spacedUncommented: string;
}

/** Decoding stops here even if the text still changes; each pass shortens it, so this is ample. */
const MAX_DECODE_PASSES = 16;

/** Characters that render as nothing, which browsers skip inside a keyword. */
const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;

/** White space and controls, which split words in HTML and separate tokens in script. */
const SPACE = /[\s\u0000-\u001f\u007f-\u009f]+/gu;

/** Replaces every `/* ... *\/` comment with `gap`, in one pass (a regex would backtrack). */
function dropComments(text: string, gap: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf("/*", from);
    if (open < 0) return out + text.slice(from);
    const close = text.indexOf("*/", open + 2);
    if (close < 0) return out + text.slice(from);
    out += text.slice(from, open) + gap;
    from = close + 2;
  }
}

function stageOf(text: string): Stage {
  const spaced = dropIso2022Escapes(text).replace(INVISIBLE, "").replace(SPACE, " ");
  const compact = spaced.replace(/ /g, "");
  const spacedUncommented = spaced.includes("/*")
    ? dropComments(spaced, " ").replace(/ {2,}/g, " ")
    : spaced;
  return { spaced, compact, uncommented: dropComments(compact, ""), spacedUncommented };
}

/** Every decoding of `text` with one escape flavour, from as written to the fixed point. */
function decodings(text: string, flavour: EscapeFlavour): string[] {
  const out = [text];
  let current = text;
  for (let pass = 0; pass < MAX_DECODE_PASSES; pass++) {
    const next = decodeOnce(current, flavour);
    if (next === current) break;
    current = next;
    out.push(current);
  }
  return out;
}

/**
 * Every stage of decoding, from the text as written to the text that no longer changes, read
 * with JavaScript escapes and with CSS escapes, the last of each read as UTF-7, and every one
 * read as US-ASCII (high bit dropped) where it holds such a byte. Every stage is searched, not
 * only the last: decoding can also hide a vector that was plainly written (`%data:` decodes
 * `%da`).
 */
export function revealStages(text: string): Stage[] {
  const texts = new Set<string>();
  for (const flavour of ["js", "css"] as const) {
    const all = decodings(text, flavour);
    for (const t of all) texts.add(t);
    const last = all[all.length - 1] ?? text;
    texts.add(decodeOnce(decodeUtf7(last), flavour));
    // Without a backslash at any stage, CSS escapes read the same as JavaScript ones.
    if (!all.some((t) => t.includes("\\"))) break;
  }
  for (const t of [...texts]) {
    const ascii = readAsUsAscii(t);
    if (ascii !== undefined) texts.add(ascii);
  }
  return [...texts].map(stageOf);
}
