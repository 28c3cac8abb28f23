import { LOOPBACK_HOSTS } from "../policy/limits";

/**
 * Why `text` is not a URL that may receive something sensitive, or undefined when it may.
 * https only; plain http is accepted for loopback, where nothing can listen in (the simulator
 * and the WAF receiver run there). User info is refused: credentials belong elsewhere.
 *
 * @param sent what travels to the URL, for the message, such as "the OAuth client secret"
 */
export function secureUrlProblem(text: string, sent: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL, such as https://host.example/path";
  }
  if (url.username !== "" || url.password !== "")
    return "must not carry user info (user:password@)";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname)) return undefined;
  return `must use https: ${sent} is sent to it (plain http only for ${LOOPBACK_HOSTS.join(", ")})`;
}

/**
 * A base URL without trailing slashes, the one form in which it is stored, compared (a new
 * tenant replaces the resource) and joined with paths.
 */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}
