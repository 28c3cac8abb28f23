import { formatPath } from "pulumi-cxone-webchat";
import { z } from "zod";

/**
 * The name of the stack a resource belongs to, from its URN
 * (`urn:pulumi:<stack>::<project>::<type>::<name>`). The URN is the one source both ways of
 * running a pack share: the CLI tells a pack the stack's tags, not its name.
 * Throws on a string that is not a resource URN.
 */
export function stackOfUrn(urn: string): string {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  if (match?.[1] === undefined) throw new Error(`"${urn}" is not a Pulumi resource URN`);
  return match[1];
}

/** A policy's `corsOrigins` after `check`: normalized origins (scheme, host and port). */
export const corsOriginsProperty = z.array(z.string());

/** A policy's `authentication` after `check`. */
export const authenticationProperty = z.object({
  requireToken: z.boolean(),
  tokenExpiryMinutes: z.number().optional(),
});

/** See {@link authenticationProperty}. */
export type Authentication = z.infer<typeof authenticationProperty>;

/** A policy's `rules`, in evaluation order; other keys of a rule (redirectUrl) are not read. */
export const rulesProperty = z.array(
  z.object({ id: z.string(), action: z.string(), pattern: z.string() }),
);

/** See {@link rulesProperty}. */
export type Rule = z.infer<typeof rulesProperty>[number];

/** A policy digest, on either resource: computed by the policy's `check`, so known at preview. */
export const digestProperty = z.string();

/** What reading one property found: its value, absent, or a value of another shape. */
export type PropertyRead<T> =
  | { readonly kind: "value"; readonly value: T }
  | { readonly kind: "absent" }
  | { readonly kind: "malformed"; readonly problem: string };

/**
 * Reads the property `key` of a resource's inputs with `schema`, and nothing else of them: other
 * engineers add inputs to these resources, and a pack that parsed the whole object would break
 * on each. A value still unknown at preview throws on access (the policy library's
 * `UnknownValueError`), and the library reports that the policy could not run during preview.
 */
export function readProperty<T>(
  props: Readonly<Record<string, unknown>>,
  key: string,
  schema: z.ZodType<T>,
): PropertyRead<T> {
  const raw = props[key];
  if (raw === undefined || raw === null) return { kind: "absent" };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { kind: "value", value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    kind: "malformed",
    problem: `${formatPath([key, ...(issue?.path ?? [])])}: ${issue?.message ?? "unreadable"}`,
  };
}
