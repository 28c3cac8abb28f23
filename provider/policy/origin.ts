import { LOOPBACK_HOSTS } from "./limits";

/** Either the origin in its normal form, or why the text is not an acceptable origin. */
export type OriginResult = { ok: true; origin: string } | { ok: false; requirement: string };

/**
 * Parses one CORS origin with the WHATWG URL parser (the one browsers use to build the `Origin`
 * header, so the two agree on what a host is) and returns its normal form: lowercase host, IDN
 * as punycode, no default port, no trailing slash.
 *
 * Pure: the result depends on the arguments only.
 */
export function normalizeOrigin(text: string, allowInsecureOrigins: boolean): OriginResult {
  const trimmed = text.trim();
  if (WILDCARD.test(trimmed)) return fail(WILDCARD_RULE);
  if (trimmed.toLowerCase() === "null") {
    return fail(
      "is the null origin, which sandboxed iframes and file: pages send, so trusting it trusts anyone",
    );
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail("is not a URL; an origin is scheme://host[:port], for example https://example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail(`uses the scheme ${url.protocol}; an origin must use https`);
  }
  if (url.username !== "" || url.password !== "") {
    return fail("contains user info (user@host), which browsers never send in an Origin header");
  }
  // The parser accepts `*` in a host, and makes one of `%2A` or a fullwidth asterisk.
  if (url.hostname.includes("*")) return fail(WILDCARD_RULE);
  if (!isHostName(url.hostname)) {
    return fail(
      `has the host ${url.hostname}, which is not a DNS name, an IPv4 address or a bracketed IPv6 address: ` +
        "a browser never sends such an Origin, so the entry could never match",
    );
  }
  if (url.pathname !== "/") {
    return fail(
      `has a path (${url.pathname}); an Origin header never carries one, so the entry could never match`,
    );
  }
  if (url.search !== "" || trimmed.includes("?")) {
    return fail("has a query; an Origin header never carries one, so the entry could never match");
  }
  if (url.hash !== "" || trimmed.includes("#")) {
    return fail(
      "has a fragment; an Origin header never carries one, so the entry could never match",
    );
  }
  if (url.protocol === "http:" && !allowInsecureOrigins && !LOOPBACK_HOSTS.includes(url.hostname)) {
    return fail(
      "uses http; only https is allowed outside localhost, 127.0.0.1 and [::1] " +
        "(set allowInsecureOrigins: true to accept it)",
    );
  }
  return { ok: true, origin: url.origin };
}

/**
 * A wildcard, in any form a user could write one: `*` itself, anywhere in the text, or
 * percent-encoded (`%2A`, which the URL parser decodes in a host). CXone compares origins
 * exactly, so a wildcard either matches nothing or, on an engine that expands it, every site
 * under it, including ones the author never reviewed.
 */
const WILDCARD = /\*|%2a/i;

const WILDCARD_RULE =
  "contains a wildcard (*), which is not allowed: an origin names one site, so list each origin " +
  "(https://www.example.com, https://shop.example.com) rather than a pattern";

/** Letters, digits, `-` and `_` in dot-separated labels (IDN already as punycode), an IPv4 address, or `[IPv6]`. */
const HOST_NAME =
  /^(?:\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?)$/;

function isHostName(hostname: string): boolean {
  return HOST_NAME.test(hostname);
}

function fail(requirement: string): OriginResult {
  return { ok: false, requirement };
}
