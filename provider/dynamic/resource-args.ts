import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../errors/input-errors";
import { describeValue, formatPath } from "../policy/describe-value";
import { unsafeTextIn } from "../policy/unsafe-text";

/** The program side of a dynamic resource: its arguments' types, and what is done to them. */

/**
 * Compile-time proof that a hand-documented arguments interface and its schema name the same
 * keys: it resolves to `true` only when they do, so `const _: SameKeys<A, B> = true` fails to
 * compile on the day one of them gains a key the other lacks. The interfaces keep their TSDoc
 * (what users read in their editor); the schema stays the one source of the keys and types.
 */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [
  never,
  never,
]
  ? true
  : false;

/** `T` with each property a `pulumi.Input`, as resource arguments take them. */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The arguments of a resource, each checked in the program for text that Pulumi's serialization
 * would change silently (an unpaired surrogate is dropped on its way to the engine), and with
 * the keys in `secretKeys` made secrets whatever the program passed, so that a credential
 * given as a plain string is never stored in plaintext. Runs in the program, before anything is
 * sent; a value still unknown is checked once it is known.
 */
export function guardedArgs<T extends object>(
  resource: string,
  args: T,
  secretKeys: ReadonlyArray<keyof T & string>,
): Record<string, pulumi.Input<unknown>> {
  const guarded: Record<string, pulumi.Input<unknown>> = {};
  for (const [key, value] of Object.entries(args) as Array<[string, unknown]>) {
    if (value === undefined) continue;
    const checked = pulumi.output(value).apply((known) => {
      const problems = unsafeTextIn(known, [key]);
      if (problems.length > 0)
        throw new InvalidArgumentError(
          resource,
          problems.map((p) => ({
            path: formatPath(p.path),
            reason: secretKeys.includes(key as keyof T & string)
              ? p.problem
              : `${describeValue(valueAt(known, p.path.slice(1)))} ${p.problem}`,
          })),
        );
      return known;
    });
    guarded[key] = secretKeys.includes(key as keyof T & string) ? pulumi.secret(checked) : checked;
  }
  return guarded;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) current = (current as Record<PropertyKey, unknown>)[key];
  return current;
}

/**
 * Turns off stack traces until the returned function is called, for the span of a resource's
 * `super(...)`: there the SDK makes four promises for each registered property and captures a
 * stack trace for each one, which only `PULUMI_DEBUG_PROMISE_LEAKS` ever reads. A policy
 * registers 13 properties (its inputs, its claim, seven outputs as placeholders and the
 * provider), and formatting those traces through source maps was most of what registering it
 * cost the program. With `PULUMI_DEBUG_PROMISE_LEAKS` set, nothing is turned off.
 *
 * The caller restores the limit in `finally`, and gives an error thrown meanwhile its stack
 * back with {@link restackError}.
 */
export function promiseStacksOff(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/**
 * Gives `error`, thrown while stack traces were off (see {@link promiseStacksOff}) and so without
 * frames, the stack of the code that called `caller`: where the program made the resource. Call it
 * after restoring. An error that has frames keeps them.
 */
export function restackError(
  error: unknown,
  caller: abstract new (...args: never[]) => unknown,
): void {
  if (error instanceof Error && !/\n\s+at /.test(error.stack ?? ""))
    Error.captureStackTrace(error, caller);
}
