import type * as pulumi from "@pulumi/pulumi";
import { ProgramConfigError } from "../errors/input-errors";

/** The JSON shapes a structured config value can be required to have. */
export type ConfigShape = "object" | "list";

/** Options of {@link configObject}. */
export interface ConfigObjectOptions {
  /** The shape the value must have. */
  readonly shape: ConfigShape;
  /** An example of a good value, shown in the error, such as `{"requireToken": true}`. */
  readonly example: string;
}

/** The key as the stack file spells it, and what it should hold, for error messages. */
function describe(config: pulumi.Config, key: string, options: ConfigObjectOptions) {
  const expected = options.shape === "object" ? "an object" : "a list";
  return {
    fullKey: `${config.name}:${key}`,
    expected: `expected ${expected}, for example ${options.example}`,
  };
}

function shapeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Reads a structured (object or list) stack config value, or undefined when the key is not set.
 *
 * Unlike `config.getObject`, which reads a `null` key as an unparsable empty string and fails
 * slowly on Node 20, it fails at once, naming the key, what it holds and the expected shape.
 * The values inside are checked by the resource that receives them, before any network call.
 */
export function configObject<T>(
  config: pulumi.Config,
  key: string,
  options: ConfigObjectOptions,
): T | undefined {
  const text = config.get(key);
  if (text === undefined) return undefined;
  const { fullKey, expected } = describe(config, key, options);
  if (text.trim() === "") {
    throw new ProgramConfigError(fullKey, `stack config ${fullKey} is empty (null); ${expected}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProgramConfigError(
      fullKey,
      `stack config ${fullKey} is the text ${JSON.stringify(text)}; ${expected}`,
    );
  }
  const ok =
    options.shape === "list"
      ? Array.isArray(value)
      : typeof value === "object" && value !== null && !Array.isArray(value);
  if (!ok) {
    throw new ProgramConfigError(
      fullKey,
      `stack config ${fullKey} is ${shapeOf(value)} (${text}); ${expected}`,
    );
  }
  return value as T;
}

/** {@link configObject} for a key that must be set. */
export function requireConfigObject<T>(
  config: pulumi.Config,
  key: string,
  options: ConfigObjectOptions,
): T {
  const value = configObject<T>(config, key, options);
  if (value === undefined) {
    const { fullKey, expected } = describe(config, key, options);
    throw new ProgramConfigError(
      fullKey,
      `stack config ${fullKey} is not set; ${expected} (set it in Pulumi.<stack>.yaml, or with \`pulumi config set --path\`)`,
    );
  }
  return value;
}
