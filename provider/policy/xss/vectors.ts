import type { Stage } from "./stages";

/** One class of script-injection vector, and how to find it in a decoded stage. */
export interface VectorRule {
  /** Why this class is rejected, as the error message states it. */
  readonly rule: string;
  /** The vector as found (for the message), or undefined. Pure; no state is kept. */
  readonly find: (stage: Stage) => string | undefined;
}

function first(pattern: RegExp, text: string, group = 0): string | undefined {
  const match = pattern.exec(text);
  return match === null ? undefined : match[group];
}

const MARKUP = /<\/?[!?]?[a-z][a-z0-9:_-]{0,15}|<[!?/%]|[<>]/i;

/**
 * `on<letters>=` where an HTML parser starts an attribute name: at the start, after white space,
 * `/` or a closing quote. Inside a word (`sessionEnd=`, `pauseOnClick=`) or after `?`, `&`, `_`
 * or `.` it is part of another name and runs nothing. In script, `{` starts a block that can
 * assign the global handler (`{onerror=eval}`).
 */
const EVENT_HANDLER = /(?:^|[ /"'`{])(on[a-z]{2,64})[^ a-z0-9=]{0,32} ?=/i;

const SCRIPT_URL =
  /(?:java|vb|live|j|ecma)script:|mocha:|res:\/\/|data:(?:[a-z0-9.+-]+\/[a-z0-9.+-]+|[,;])/i;

/** Functions that run, load or decode code. Script is case-sensitive: `Alert(1)` calls nothing. */
const SINKS =
  "alert|prompt|confirm|eval|print|Function|setTimeout|setInterval|execScript|importScripts|" +
  "import|fetch|atob|unescape|fromCharCode|constructor|postMessage|document\\.write(?:ln)?|" +
  "bypassSecurityTrust[A-Za-z]*";

/**
 * A sink called (`alert(1)`, ``alert`1` ``, `(alert)(1)`, `eval.call(...)`), or handed on as a
 * value inside script (`a=alert,a(1)`, `{onerror=eval}`); `?q=eval` is a search, not script.
 */
const SCRIPT_CALL = new RegExp(
  `(?<![\\w$])(?:${SINKS})(?:\\(|\`|\\)\\(|\\]\\(|\\?\\.\\(|\\.(?:call|apply|bind)\\()|(?<=[=(,[{]|\\.\\.\\.)(?:${SINKS})(?=[,;)\\]}])`,
);

/** Any sink name at all: a cheap test that spares the boundary search on most text. */
const SINK_NAME = new RegExp(SINKS);

/** A function declared inline (`function(){`), which only script needs. */
const FUNCTION_LITERAL = /(?<![\w$])function(?: ?[\w$.:]+)? ?\([^()]{0,64}\) ?\{/;

/**
 * Globals that read or navigate the page. `location=` counts as an assignment, not as a query
 * parameter named `location` (after `?` or `&`).
 */
const SCRIPT_GLOBAL =
  /(?<![?&\w$.])document\.(?:cookie|domain|location|body|write|URL)|\.(?:inner|outer)HTML|\.innerText|(?<![\w$])(?:top|self|window|parent|frames|globalThis|this|content)\[|(?<![?&\w$.])(?:(?:window|document|self|top)\.)?location(?:\.href)?=|location\.(?:hash|search|replace|assign)|\.(?:__proto__|prototype)\.|constructor\.prototype|(?<![\w$])\$(?:eval|apply|root|evalAsync|parse|compile)(?![\w$])|\$\$[a-z]|\/ ?\.source(?![\w$/.-])/;

/**
 * A quote that closes a string and goes on as script: `';`, `')`+`;`, concatenation (`'ev'+'al'`),
 * `||`, `&&`, a ternary or key (`'1':'i'`), an index (`'']`), a member (`'a'.constructor`); or a
 * template literal. A quoted value that a URL holds (OData's `Products('a')`, `Key='a',Id=1`,
 * `$filter=Name eq 'a'&$top=1`) goes on with none of these.
 */
const QUOTE_BREAKOUT =
  /['"](?: ?\)){0,4} ?;|['"] ?\+ ?['"]|['"] ?(?:\|\||&&)|['"] ?[?:\]]|['"]\.[A-Za-z_$]|`/;

const TEMPLATE = /\{\{|\$\{|#\{|\{%|&\{/;

const CSS_SCRIPT = /[:=(,]expression\(|behaviou?r:|-moz-binding|-o-link:|@import/i;

/** The rules, in the order their findings are reported. */
export const VECTOR_RULES: readonly VectorRule[] = [
  {
    rule: "markup, a < or > that a browser could read as a tag, even one that appears only after decoding",
    find: (s) => first(MARKUP, s.spaced)?.toLowerCase(),
  },
  {
    rule: "an event-handler attribute, on<event>= where a browser starts an attribute name",
    find: (s) => {
      const name = first(EVENT_HANDLER, s.spaced, 1);
      return name === undefined ? undefined : `${name.toLowerCase()}=`;
    },
  },
  {
    rule: "a URL scheme that runs script or carries a document (javascript:, vbscript:, data:...)",
    find: (s) => first(SCRIPT_URL, s.compact)?.toLowerCase(),
  },
  {
    rule: "a template expression ({{...}}, ${...}, #{...}, {%...%}, &{...}), which a framework or an old browser evaluates",
    find: (s) => first(TEMPLATE, s.compact),
  },
  {
    rule: "script in CSS (expression(), behavior:, -moz-binding, @import)",
    find: (s) => first(CSS_SCRIPT, s.uncommented)?.toLowerCase(),
  },
  {
    rule: "a quote that breaks out of a string or attribute into code, or a template literal",
    find: (s) => first(QUOTE_BREAKOUT, s.spaced),
  },
  {
    rule: "a call to a script function that runs or loads code (alert(, eval(, import(...)",
    find: (s) =>
      (SINK_NAME.test(s.compact)
        ? (first(SCRIPT_CALL, s.spaced) ?? first(SCRIPT_CALL, s.compact))
        : undefined) ?? first(FUNCTION_LITERAL, s.spaced),
  },
  {
    rule: "access to a script global that reads or navigates the page (document.cookie, location=, top[...])",
    find: (s) => first(SCRIPT_GLOBAL, s.spaced) ?? first(SCRIPT_GLOBAL, s.compact),
  },
];
