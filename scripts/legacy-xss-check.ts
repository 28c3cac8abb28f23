/**
 * The script-injection check as it was before issue 17 (main at 529fa6b), kept here so that
 * `bench-xss.ts` can measure the new check against it side by side, and so that
 * `test/policy/xss/seed-vectors.spec.ts` can check that every vector it names is still rejected.
 * Not used by the provider.
 */
/**
 * The keywords searched for, after decoding: the vectors the seed names, which the check must
 * still reject in every letter case.
 */
export const XSS_KEYWORDS: readonly string[] = [
  "<script",
  "javascript:",
  "vbscript:",
  "data:text/html",
  "<iframe",
  "<object",
  "<embed",
  "<svg",
  "eval(",
  "expression(",
  "srcdoc=",
];

/**
 * Event-handler attributes, each forming an `on<event>=` vector. A list of real handler names
 * rather than `on[a-z]+=` keeps ordinary query strings such as `?sponsor=1` valid.
 */
// prettier-ignore
export const EVENT_HANDLERS: readonly string[] = [
  "abort", "afterprint", "animationend", "animationiteration", "animationstart", "auxclick",
  "beforecopy", "beforecut", "beforeinput", "beforepaste", "beforeprint", "beforetoggle",
  "beforeunload", "begin", "blur", "cancel", "canplay", "canplaythrough", "change", "click",
  "close", "contextmenu", "copy", "cuechange", "cut", "dblclick", "drag", "dragend", "dragenter",
  "dragleave", "dragover", "dragstart", "drop", "durationchange", "emptied", "end", "ended",
  "error", "focus", "focusin", "focusout", "formdata", "fullscreenchange", "hashchange", "input",
  "invalid", "keydown", "keypress", "keyup", "load", "loadeddata", "loadedmetadata", "loadstart",
  "message", "mousedown", "mouseenter", "mouseleave", "mousemove", "mouseout", "mouseover",
  "mouseup", "mousewheel", "offline", "online", "pagehide", "pageshow", "paste", "pause", "play",
  "playing", "pointercancel", "pointerdown", "pointerenter", "pointerleave", "pointermove",
  "pointerout", "pointerover", "pointerup", "popstate", "progress", "ratechange", "repeat",
  "reset", "resize", "scroll", "scrollend", "search", "securitypolicyviolation", "seeked",
  "seeking", "select", "selectionchange", "selectstart", "show", "stalled", "storage", "submit",
  "suspend", "timeupdate", "toggle", "touchcancel", "touchend", "touchmove", "touchstart",
  "transitioncancel", "transitionend", "transitionrun", "transitionstart", "unload",
  "volumechange", "waiting", "wheel",
];

// prettier-ignore
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", colon: ":", lpar: "(", rpar: ")",
  equals: "=", sol: "/", bsol: "\\", period: ".", comma: ",", semi: ";", excl: "!", tab: "\t",
  newline: "\n", nbsp: " ", num: "#", percnt: "%", lsqb: "[", rsqb: "]",
};

/** Decoding stops here even if the text still changes; each pass shortens it, so this is ample. */
const MAX_DECODE_PASSES = 16;

/** Characters a browser tolerates inside a keyword, or that render as nothing. */
const IGNORED_CHARACTERS = /[\s\u0000-\u001f\u007f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/gu;

function fromCodePoint(code: number, original: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : original;
}

/** One pass of every decoding an attacker may stack. */
function decodeOnce(text: string): string {
  return text
    .replace(/%u([0-9a-f]{4})/gi, (m, hex: string) => fromCodePoint(parseInt(hex, 16), m))
    .replace(/%([0-9a-f]{2})/gi, (m, hex: string) => fromCodePoint(parseInt(hex, 16), m))
    .replace(/&#x([0-9a-f]{1,8});?/gi, (m, hex: string) => fromCodePoint(parseInt(hex, 16), m))
    .replace(/&#([0-9]{1,10});?/g, (m, dec: string) => fromCodePoint(parseInt(dec, 10), m))
    .replace(/&([a-z]{2,10});?/gi, (m, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? m)
    .replace(/\\u\{([0-9a-f]{1,6})\}/gi, (m, hex: string) => fromCodePoint(parseInt(hex, 16), m))
    .replace(/\\u([0-9a-f]{4})/gi, (m, hex: string) => fromCodePoint(parseInt(hex, 16), m))
    .replace(/\\x([0-9a-f]{2})/gi, (m, hex: string) => fromCodePoint(parseInt(hex, 16), m));
}

/** Drops the characters a browser skips inside a keyword, and lowercases. */
function compact(text: string): string {
  return text.replace(IGNORED_CHARACTERS, "").toLowerCase();
}

/**
 * Every stage of decoding, from the text as written to the text that no longer changes, each
 * compacted into the form in which keywords are searched. Every stage is searched, not only the
 * last: decoding can also hide a vector that was plainly written (`%data:` decodes `%da`).
 */
function revealStages(text: string): string[] {
  const stages = [compact(text)];
  let current = text;
  for (let pass = 0; pass < MAX_DECODE_PASSES; pass++) {
    const next = decodeOnce(current);
    if (next === current) break;
    current = next;
    stages.push(compact(current));
  }
  return stages;
}

function vectorIn(stage: string): string | undefined {
  const keyword = XSS_KEYWORDS.find((k) => stage.includes(k));
  if (keyword !== undefined) return keyword;
  const handler = EVENT_HANDLERS.find((name) => stage.includes(`on${name}=`));
  return handler === undefined ? undefined : `on${handler}=`;
}

/**
 * Returns the injection vector found in `text` (as written in {@link XSS_KEYWORDS}, or
 * `on<name>=`), or `undefined` when there is none. Deterministic and pure.
 */
export function legacyFindXssVector(text: string): string | undefined {
  for (const stage of revealStages(text)) {
    const vector = vectorIn(stage);
    if (vector !== undefined) return vector;
  }
  return undefined;
}
