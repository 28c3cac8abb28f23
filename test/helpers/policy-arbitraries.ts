import fc from "fast-check";
import { RULE_ACTIONS } from "../../provider/policy/limits";

/** fast-check arbitraries of policies, shared by the property tests. */

// No hyphen: "xn--" labels must be valid punycode, which random text is not.
export const host = fc.stringMatching(/^[a-z][a-z0-9]{0,10}\.(example|test|com)$/);
export const origin = fc
  .tuple(
    fc.constantFrom("https://", "HTTPS://", "https://www."),
    host,
    fc.constantFrom("", "/", ":443", ":8443"),
  )
  .map(([scheme, h, tail]) => `${scheme}${h}${tail}`);
export const rule = fc.record(
  {
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    action: fc.constantFrom(...RULE_ACTIONS.filter((a) => a !== "redirect")),
    pattern: fc.stringMatching(/^\/[a-z0-9/*._-]{0,40}$/),
  },
  { noNullPrototype: true },
);
/** Policies that validate: distinct origins and rule ids. */
export const validPolicy = fc.record({
  corsOrigins: fc.uniqueArray(origin, {
    minLength: 1,
    maxLength: 6,
    selector: (o) => new URL(o).origin,
  }),
  authentication: fc.oneof(
    fc.record({
      requireToken: fc.constant(true),
      tokenExpiryMinutes: fc.integer({ min: 5, max: 1440 }),
    }),
    fc.record({ requireToken: fc.constant(false) }),
  ),
  rules: fc.uniqueArray(rule, { maxLength: 8, selector: (r) => r.id }),
  allowInsecureOrigins: fc.boolean(),
});
