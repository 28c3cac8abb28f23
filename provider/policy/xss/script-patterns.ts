/**
 * Where a script engine would run code. Script is case-sensitive (`Alert(1)` calls nothing), so
 * these patterns are too, except `eval(`, which the seed rejected in every letter case. Each is
 * a regex whose repetitions cannot overlap, so a search is linear in the text.
 */

/**
 * Functions that run, load or decode code, or write markup. `eval` is not here: it has a rule of
 * its own, in every letter case.
 */
const SINKS =
  "alert|prompt|confirm|print|open|Function|setTimeout|setInterval|execScript|importScripts|" +
  "import|fetch|atob|unescape|fromCharCode|constructor|postMessage|document\\.write(?:ln)?|" +
  "createElement|appendChild|insertAdjacentHTML|setAttribute|execCommand|globalEval|getScript|" +
  "bypassSecurityTrust[A-Za-z]*";

/** What makes a name a call: `(`, a tagged template, `)(`, `](`, `?.(`, `.call(`... */
const CALLED = "(?: ?\\(|`|\\) ?\\(|\\] ?\\(|\\?\\.\\(|\\.(?:call|apply|bind)\\()";

/** Where a name is a value handed on (`a=alert,`, `{onerror=eval}`, `{a:alert}`). */
const AS_VALUE_BEFORE = "(?<=[=(,[{:]|\\.\\.\\.)";
const AS_VALUE_AFTER = "(?=[,;)\\]}])";

/**
 * A sink called (`alert(1)`, ``alert`1` ``, `(alert)(1)`), or handed on as a value inside script
 * (`a=alert,a(1)`); `?q=alert` is a search, not script.
 */
export const SCRIPT_CALL = new RegExp(
  `(?<![\\w$])(?:${SINKS})${CALLED}|${AS_VALUE_BEFORE}(?:${SINKS})${AS_VALUE_AFTER}`,
);

/** Any sink name at all: a cheap test that spares the boundary search on most text. */
export const SINK_NAME = new RegExp(SINKS);

/**
 * The seed's `eval(`, in any letter case: a word boundary, `eval`, optional spaces or comments
 * (searched in a form where they are one space), then a call; or `eval` handed on as a value.
 * `Medieval(476)` and `DocumentRetrieval(1)` have no boundary; `?q=eval` calls nothing.
 */
export const EVAL_CALL = new RegExp(
  `(?<![\\w$])eval${CALLED}|${AS_VALUE_BEFORE}eval${AS_VALUE_AFTER}`,
  "i",
);

/** A function declared inline (`function(){`, `()=>`), which only script needs. */
export const FUNCTION_LITERAL = /(?<![\w$])function(?: ?[\w$.:]+)? ?\([^()]{0,64}\) ?\{|\(\) ?=>/;

/**
 * Objects of the browser and of the language whose members read the page, navigate, or run
 * code. Their names are lowercase or PascalCase built-ins; OData and REST names that look alike
 * (`/odata/Products.Get(1)`) use none of them.
 */
const GLOBALS =
  "window|self|top|parent|frames|opener|globalThis|document|navigator|location|history|" +
  "localStorage|sessionStorage|console|screen|crypto|performance|indexedDB|caches|" +
  "customElements|Reflect|Object|Array|Promise|String|Function|JSON";

/** `.name` or `?.name`, once or more: `document.body.appendChild`. */
const MEMBERS = "(?:\\??\\.[\\w$]+)+";

/** Constructors that load a URL, open a connection or compile code. */
const LOADERS = "Image|Audio|Function|XMLHttpRequest|WebSocket|Worker|SharedWorker|EventSource";

/**
 * A member of a browser global called (`navigator.vibrate(500)`, `window.open(`,
 * `history.pushState()`) or assigned (`top.location=`, `window.name=`); `with(document)`;
 * `new Image(`, `new WebSocket(`. An assignment after `?` or `&` is a query parameter
 * (`?window.location=1`).
 */
export const GLOBAL_MEMBER = new RegExp(
  `(?<![\\w$.])(?:${GLOBALS})${MEMBERS} ?(?:\\(|\`)|(?<![?&\\w$.])(?:${GLOBALS})${MEMBERS} ?=(?!=)|(?<![\\w$])with ?\\( ?(?:${GLOBALS})(?![\\w$])|(?<![\\w$])new (?:${LOADERS}) ?\\(`,
);

/**
 * Globals that read or navigate the page. `location=` counts as an assignment, not as a query
 * parameter named `location` (after `?` or `&`).
 */
export const SCRIPT_GLOBAL =
  /(?<![?&\w$.])document\.(?:cookie|domain|location|body|write|URL)|\.(?:inner|outer)HTML|\.innerText|(?<![\w$])(?:top|self|window|parent|frames|globalThis|this|content)\[|(?<![?&\w$.])(?:(?:window|document|self|top)\.)?location(?:\.href)?=|location\.(?:hash|search|replace|assign)|\.(?:__proto__|prototype)\.|constructor\.prototype|(?<![\w$])\$(?:eval|apply|root|evalAsync|parse|compile)(?![\w$])|\$\$[a-z]|\/ ?\.source(?![\w$/.-])/;

/**
 * Script written in brackets and operators alone (JSFuck, `(![]+[])[+[]]`): an empty array
 * turned into a boolean, a number or a string. `?ids[]=1` (a PHP or Rails array parameter) has
 * none of these.
 */
export const BRACKET_SCRIPT = /[!+~]\[\]|\[\]\+/;

/**
 * A quote that closes a string and goes on as script: `';`, `')`+`;`, concatenation (`'ev'+'al'`),
 * `||`, `&&`, a ternary or key (`'1':'i'`), an index (`'']`), a member (`'a'.constructor`); or a
 * template literal. A quoted value that a URL holds (OData's `Products('a')`, `Key='a',Id=1`,
 * `$filter=Name eq 'a'&$top=1`) goes on with none of these.
 */
export const QUOTE_BREAKOUT =
  /['"](?: ?\)){0,4} ?;|['"] ?\+ ?['"]|['"] ?(?:\|\||&&)|['"] ?[?:\]]|['"]\.[A-Za-z_$]|`/;

/** Template syntaxes that a framework or an old browser evaluates. */
export const TEMPLATE = /\{\{|\$\{|#\{|\{%|&\{/;
