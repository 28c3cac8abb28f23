import { redactUserInfo } from "../errors/redact";
import { LOOPBACK_HOSTS } from "../policy/limits";

/** Options of {@link secureUrlProblem}. */
export interface SecureUrlOptions {
  /**
   * Whether a query is part of the address. A base URL takes none (this package appends paths,
   * which would land inside it); a webhook URL may carry one. @default false
   */
  readonly allowQuery?: boolean;
}

/**
 * Why `text` is not a URL that may receive something sensitive, or undefined when it may.
 * https only; plain http is accepted for loopback, where nothing can listen in (the simulator
 * and the WAF receiver run there). Refused in every form the text could hold them, since the
 * WHATWG parser drops an empty `?` or `#` silently:
 * - user info (`user:password@`): credentials belong in their own settings, where they are kept
 *   secret; in a URL they are printed, logged and stored;
 * - a fragment: it is never sent, so what follows it is not the address at all;
 * - a query, unless `allowQuery`: a path joined to `https://host/?x=1` would go into the query,
 *   and a token request sent to `https://host/` instead of `https://host/oauth/token`.
 *
 * @param sent what travels to the URL, for the message, such as "the OAuth client secret"
 */
export function secureUrlProblem(
  text: string,
  sent: string,
  options: SecureUrlOptions = {},
): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL, such as https://host.example/path";
  }
  if (url.username !== "" || url.password !== "" || hasUserInfo(text))
    return "must not carry user info (user:password@): give credentials in their own settings, which are kept secret";
  if (url.hash !== "" || text.includes("#"))
    return "must not have a fragment (#...): a fragment is never sent, so the address would not be what it reads";
  if (options.allowQuery !== true && (url.search !== "" || text.includes("?")))
    return `must not have a query (?...): ${sent} would be sent to an address this package cannot append its paths to`;
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname)) return undefined;
  return `must use https: ${sent} is sent to it (plain http only for ${LOOPBACK_HOSTS.join(", ")})`;
}

/** `scheme://anything-but-a-slash@`: the parser reads the part before `@` as user info. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i;

function hasUserInfo(text: string): boolean {
  return USER_INFO.test(text.trim());
}

/**
 * The URL as a message may show it: user info replaced by `[REDACTED]`, and, unless `keepQuery`,
 * no query (it may carry a token). Never throws, whatever the text.
 */
export function publicUrl(text: string, { keepQuery = false } = {}): string {
  const withoutUser = redactUserInfo(text.trim());
  return keepQuery ? withoutUser : withoutUser.replace(/\?[^#]*/, "");
}

/**
 * A base URL without trailing slashes, the one form in which it is stored, compared (a new
 * tenant replaces the resource) and joined with paths.
 */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * The URL of `path` under `base`, built with the URL API rather than by concatenating text, so
 * that nothing in the base (a query, a fragment, user info) can change where a request goes.
 * Throws when the base holds any of them: every base URL is checked by
 * {@link secureUrlProblem} before it gets here, so this is a programming error.
 *
 * @param path an absolute path, its segments already encoded, such as `/oauth/token`
 * @param query query parameters, encoded here
 */
export function joinUrl(
  base: string,
  path: string,
  query?: Readonly<Record<string, string>>,
): string {
  const url = new URL(base);
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
    throw new Error(`a base URL with a query, fragment or user info: ${publicUrl(base)}`);
  if (!path.startsWith("/")) throw new Error(`not an absolute path: ${path}`);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  if (query !== undefined) url.search = new URLSearchParams(query).toString();
  return url.href;
}
