import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../../errors/invalid-argument-error";
import { describeValue, formatPath } from "../../policy/describe-value";
import { unsafeTextIn } from "../../policy/unsafe-text";

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
