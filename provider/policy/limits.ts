/**
 * The constraints the CXone webchat engine puts on a security policy. They are shared by the
 * validator and the simulator, so that the two can never disagree about a limit.
 */

/** CXone evaluates at most this many rules per widget and rejects longer lists. */
export const MAX_RULES = 50;

/** Token lifetime bounds, in minutes: below 5 tokens expire mid-conversation, above a day they outlive a shift. */
export const TOKEN_EXPIRY_MINUTES = { min: 5, max: 1440 } as const;

/** What a rule can do with a request that matches its pattern. */
export const RULE_ACTIONS = ["block", "allow", "redirect", "log"] as const;

/** One of {@link RULE_ACTIONS}. */
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** Rule ids are used in CXone's logs and URLs, hence the conservative alphabet. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Longest rule id CXone stores. */
export const MAX_RULE_ID_LENGTH = 64;

/** Longest rule pattern CXone stores. */
export const MAX_PATTERN_LENGTH = 1024;

/**
 * Hosts for which plain http is acceptable without `allowInsecureOrigins`: traffic to them never
 * leaves the machine, so there is nothing to intercept.
 */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/**
 * Widget ids go into the API path (`/api/v2/webchat/widgets/{id}`): letters, digits, `_`, `-`
 * and `.`, starting with a letter or digit, so that no id can read as another path (`..`,
 * `a/b`) or need escaping, and at most {@link MAX_WIDGET_ID_LENGTH} characters.
 */
export const WIDGET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Longest widget id accepted; CXone's own ids are GUIDs or short slugs. */
export const MAX_WIDGET_ID_LENGTH = 128;

/** Most origins one policy may list: CORS lists beyond this are a mistake, not a policy. */
export const MAX_CORS_ORIGINS = 100;

/** Longest URL accepted anywhere in a policy (an origin, a redirect target). */
export const MAX_URL_LENGTH = 2048;
