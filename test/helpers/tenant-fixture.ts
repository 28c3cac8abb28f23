import { MANAGED_BY_FIELD } from "../../provider/cxone/widget";
import type { StoredWidget } from "../../provider/simulator/widget-store";

/** A policy today's rules accept, distinct per `i`. */
export function validPolicy(i: number): Record<string, unknown> {
  return {
    corsOrigins: [`https://site-${i}.example.com`],
    authentication: { requireToken: true, tokenExpiryMinutes: 30 },
    rules: i % 2 === 0 ? [{ id: `block-${i}`, action: "block", pattern: "/admin/*" }] : [],
  };
}

/** A widget as the simulator stores it, with a policy, a claim, or neither. */
export function fixtureWidget(
  id: string,
  { policy, claim }: { policy?: unknown; claim?: string } = {},
): StoredWidget {
  return {
    id,
    name: `Widget ${id}`,
    settings: {
      greeting: "Hello",
      ...(policy === undefined ? {} : { securityPolicies: policy }),
      ...(claim === undefined ? {} : { [MANAGED_BY_FIELD]: claim }),
    },
  };
}

/** What a mixed tenant holds: adoptable widgets, and one of each kind that is left out. */
export interface MixedTenant {
  readonly widgets: StoredWidget[];
  readonly valid: string[];
  /** A widget whose policy has a wildcard origin. */
  readonly invalid: string;
  /** A widget another stack manages, and its claim. */
  readonly claimed: { readonly id: string; readonly claim: string };
  readonly noPolicy: string;
}

/**
 * A tenant of `count` adoptable widgets (`wc-0000`, ...) and, after them, one widget with a
 * wildcard origin, one claimed by the stack `shop/prod` and one with no policy: what a contact
 * centre that configured widgets by hand has, for the `export` and `scan` tests and benchmark.
 */
export function mixedTenant(count: number): MixedTenant {
  const valid = Array.from({ length: count }, (_, i) => `wc-${String(i).padStart(4, "0")}`);
  const claimed = { id: "wc-claimed", claim: "shop/prod/policy-wc-claimed" };
  return {
    widgets: [
      ...valid.map((id, i) => fixtureWidget(id, { policy: validPolicy(i) })),
      fixtureWidget("wc-invalid", {
        policy: {
          corsOrigins: ["https://*.example.com"],
          authentication: { requireToken: false },
          rules: [],
        },
      }),
      fixtureWidget(claimed.id, { policy: validPolicy(9999), claim: claimed.claim }),
      fixtureWidget("wc-no-policy"),
    ],
    valid,
    invalid: "wc-invalid",
    claimed,
    noPolicy: "wc-no-policy",
  };
}
