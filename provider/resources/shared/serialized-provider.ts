/**
 * The key under which the dynamic-provider host passes the serialized provider with every
 * resource's properties. The hooks take it out before they parse, and give it back where the
 * host expects it: in the properties of a partial failure, which the host stores as they are.
 */
export const PROVIDER_KEY = "__provider";

/** `props` without the serialized provider, and the provider itself. */
export function splitProvider(props: Record<string, unknown>): {
  rest: Record<string, unknown>;
  provider: unknown;
} {
  const { [PROVIDER_KEY]: provider, ...rest } = props;
  return { rest, provider };
}

/** `props` with the serialized provider put back. */
export function withProvider<T extends object>(
  props: T,
  provider: unknown,
): T & Record<typeof PROVIDER_KEY, unknown> {
  return { ...props, [PROVIDER_KEY]: provider };
}
