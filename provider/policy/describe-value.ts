import { redactUserInfo } from "../errors/redact";

const MAX_SHOWN = 80;

/**
 * Renders a user-supplied value for an error message: JSON, cut short so that a 1 KB pattern
 * does not drown the message, with the user info of any URL in it redacted (a password there is
 * still a password). Never throws, whatever the value.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing value";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  text = redactUserInfo(text);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** Joins path segments the way users write them: `rules[3].pattern`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(policy)" : out;
}
