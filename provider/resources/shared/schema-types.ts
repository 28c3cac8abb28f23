import type * as pulumi from "@pulumi/pulumi";

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
