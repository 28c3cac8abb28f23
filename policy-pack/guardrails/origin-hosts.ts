/**
 * The host of an origin as the WHATWG URL parser gives it (lowercase, IDN as punycode,
 * `[::1]` in brackets), or undefined when the text is not a URL.
 */
export function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

/**
 * A configured domain in the form {@link originHost} gives hosts: `Example.COM`, `.example.com`
 * and `*.example.com` all become `example.com`. Undefined when it is not a host name.
 */
export function normalizeDomain(domain: string): string | undefined {
  const bare = domain.trim().replace(/^\*?\./, "");
  if (bare === "" || /[/:?#@*]/.test(bare.replace(/^\[.*\]$/, ""))) return undefined;
  return originHost(`https://${bare}`);
}

/** True when `host` is `domain` or a subdomain of it (both as {@link originHost} gives them). */
export function isUnderDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
