/** What replaces a secret in any text this package produces. */
export const REDACTED = "[REDACTED]";

const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  [
    /("(?:access_token|refresh_token|id_token|client_secret|token|secret)"\s*:\s*")[^"]*(")/gi,
    `$1${REDACTED}$2`,
  ],
  // A placeholder such as `CXONE_CLIENT_SECRET=<client secret>` in a hint is kept: a form value
  // never holds `<` unencoded, and a known secret value is taken out whatever its shape.
  [/((?:access_token|refresh_token|client_secret)=)(?!<[^<>&\n]*>)[^&\s]+/gi, `$1${REDACTED}`],
  [/(whsec_)[A-Za-z0-9+/=]+/g, `$1${REDACTED}`],
];

/**
 * User info in a URL, `https://user:password@host`: the part before the `@` of the authority is
 * a credential. The authority ends at the first `/`, `?`, `#` or `\\`, so an `@` in a path is not
 * taken for one.
 */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#\\"'<>]*@/gi;

/** Replaces the user info of every URL in `text` with {@link REDACTED}. */
export function redactUserInfo(text: string): string {
  return text.replace(USER_INFO, `$1${REDACTED}@`);
}

/**
 * Removes secrets from text bound for an error message or a log: every known secret value,
 * and anything shaped like a bearer token, a token field, a client secret or a URL's user
 * info. Octokit does the same for its RequestError; a leaked token in a CI log is a leaked
 * token.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return redactUserInfo(out);
}

/**
 * The secrets one process knows (the redaction set): each credential, signing secret, audit key
 * and token it has seen, taken out of every message, log line and audit line it writes. One set
 * per process, in its context, so that no writer has to gather its own list.
 */
export class Redaction {
  private readonly known = new Set<string>();

  /** Adds secrets; undefined and very short values (which would shred any text) are ignored. */
  add(...secrets: ReadonlyArray<string | undefined>): this {
    for (const secret of secrets)
      if (secret !== undefined && secret.length >= 4) this.known.add(secret);
    return this;
  }

  /** Every secret known so far, and `extra`. */
  values(extra: ReadonlyArray<string | undefined> = []): Array<string | undefined> {
    return [...this.known, ...extra];
  }

  /** `text` with every known secret, and `extra`, taken out (see {@link redact}). */
  apply(text: string, extra: ReadonlyArray<string | undefined> = []): string {
    return redact(text, this.values(extra));
  }
}
