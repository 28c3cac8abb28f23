import { findScriptDataUri } from "./data-uri";
import {
  ATTRIBUTE_ANYWHERE,
  ATTRIBUTE_ANYWHERE_NAME,
  ATTRIBUTE_IN_TAG,
  EVENT_HANDLER,
  LOST_BYTE_TAG,
  MARKUP,
  SPACE_OR_QUOTE,
} from "./html-patterns";
import {
  BRACKET_SCRIPT,
  EVAL_CALL,
  FUNCTION_LITERAL,
  GLOBAL_MEMBER,
  QUOTE_BREAKOUT,
  SCRIPT_CALL,
  SCRIPT_GLOBAL,
  SINK_NAME,
  TEMPLATE,
} from "./script-patterns";
import type { Stage } from "./stages";
import { CSS_SCRIPT, SCRIPT_SCHEME } from "./url-css-patterns";

/** One class of script-injection vector, and how to find it in a decoded stage. */
export interface VectorForm {
  /** The class, as the table of `docs/policy-model.md` names it. */
  readonly name: string;
  /** Why this class is rejected, as the error message states it. */
  readonly form: string;
  /** The vector as found (for the message), or undefined. Pure; no state is kept. */
  readonly find: (stage: Stage) => string | undefined;
}

function first(pattern: RegExp, text: string, group = 0): string | undefined {
  const match = pattern.exec(text);
  return match === null ? undefined : match[group];
}

/** The first match in any of `texts`, each searched in turn; a form equal to an earlier one is skipped. */
function firstIn(pattern: RegExp, ...texts: string[]): string | undefined {
  for (const [i, text] of texts.entries()) {
    if (texts.indexOf(text) < i) continue;
    const found = first(pattern, text);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The attribute name a pattern captured, lowercased, with its `=`. */
function attribute(pattern: RegExp, text: string): string | undefined {
  const name = first(pattern, text, 1);
  return name === undefined ? undefined : `${name.toLowerCase()}=`;
}

/** The forms, in the order their findings are reported. */
export const VECTOR_FORMS: readonly VectorForm[] = [
  {
    name: "markup",
    form: "markup, a < or > that a browser could read as a tag, even one that appears only after decoding",
    find: (s) => (first(MARKUP, s.spaced) ?? first(LOST_BYTE_TAG, s.compact))?.toLowerCase(),
  },
  {
    name: "event handlers",
    form: "an event-handler attribute, on<event>= where a browser starts an attribute name",
    find: (s) => attribute(EVENT_HANDLER, s.spaced),
  },
  {
    name: "attributes that load or carry markup",
    form: "an attribute that loads or carries a document, markup or script (srcdoc=, formaction=, xlink:href=, or src=, href=, style=... after a space or a quote)",
    find: (s) =>
      (ATTRIBUTE_ANYWHERE_NAME.test(s.compact)
        ? (attribute(ATTRIBUTE_ANYWHERE, s.compact) ?? attribute(ATTRIBUTE_ANYWHERE, s.spaced))
        : undefined) ??
      (SPACE_OR_QUOTE.test(s.spaced) ? attribute(ATTRIBUTE_IN_TAG, s.spaced) : undefined),
  },
  {
    name: "script URLs",
    form: "a URL scheme that runs script or carries a document (javascript:, vbscript:, a data: URI of a type that can run script...)",
    find: (s) => first(SCRIPT_SCHEME, s.compact)?.toLowerCase() ?? findScriptDataUri(s.compact),
  },
  {
    name: "template expressions",
    form: "a template expression ({{...}}, ${...}, #{...}, {%...%}, &{...}), which a framework or an old browser evaluates",
    find: (s) => first(TEMPLATE, s.compact),
  },
  {
    name: "script in CSS",
    form: "script in CSS (expression(), behavior:, -moz-binding, @import)",
    find: (s) => first(CSS_SCRIPT, s.uncommented)?.toLowerCase(),
  },
  {
    name: "quote breakouts",
    form: "a quote that breaks out of a string or attribute into code, or a template literal",
    find: (s) => first(QUOTE_BREAKOUT, s.spaced),
  },
  {
    name: "eval",
    form: "a call to eval, in any letter case (eval(, EvAl (, eval/**/(...)",
    find: (s) =>
      /eval/i.test(s.compact)
        ? firstIn(EVAL_CALL, s.spaced, s.compact, s.spacedUncommented, s.uncommented)?.toLowerCase()
        : undefined,
  },
  {
    name: "script calls",
    form: "a call to a script function that runs or loads code (alert(, import(, open(...)",
    find: (s) =>
      (SINK_NAME.test(s.compact)
        ? firstIn(SCRIPT_CALL, s.spaced, s.compact, s.spacedUncommented, s.uncommented)
        : undefined) ?? first(FUNCTION_LITERAL, s.spaced),
  },
  {
    name: "bracket-only script",
    form: "script written in brackets and operators alone (JSFuck: ![], +[], []+...)",
    find: (s) => first(BRACKET_SCRIPT, s.compact),
  },
  {
    name: "browser globals",
    form: "a call, assignment or read on a browser global that reads or navigates the page (navigator.vibrate(, window.open(, top.location=, document.cookie...)",
    find: (s) =>
      firstIn(GLOBAL_MEMBER, s.spaced, s.compact) ?? firstIn(SCRIPT_GLOBAL, s.spaced, s.compact),
  },
];
