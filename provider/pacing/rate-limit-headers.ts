/**
 * Pure parsing of the rate-limit fields a server may send with any response: `RateLimit` and
 * `RateLimit-Policy` as the IETF httpapi draft defines them (Structured Field lists, drafts 08
 * on; the dictionary form of draft 07 too), the separate `RateLimit-Limit`/`-Remaining`/`-Reset`
 * of drafts 06 and earlier, and the common `X-RateLimit-Limit`/`-Remaining`/`-Reset`.
 * Malformed fields are ignored, as the draft requires: they never fail a request.
 */
import { parseDictionary, parseList, Token, type BareItem } from "structured-headers";

/** One quota the server applies to this client, as far as its fields say. */
export interface AdvertisedLimit {
  /** The policy's name (`RateLimit-Policy` item), when named. */
  readonly name?: string;
  /** Requests allowed per window. */
  readonly quota?: number;
  /** The window, in seconds. */
  readonly windowSeconds?: number;
  /** Requests left before the server throttles. */
  readonly remaining?: number;
  /** Milliseconds until more quota is made available. */
  readonly resetMs?: number;
}

/** Response headers, as fetch gives them. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** An X-RateLimit-Reset above this is an epoch time in seconds, not a number of seconds. */
const EPOCH_SECONDS_FROM = 1_000_000_000;

/**
 * Every limit the response advertises, or an empty list. The IETF fields win over the older
 * ones when both are sent. `nowMs` turns an epoch `X-RateLimit-Reset` into a delay.
 */
export function parseRateLimitHeaders(headers: HeaderSource, nowMs: number): AdvertisedLimit[] {
  const policies = policyItems(headers.get("ratelimit-policy"));
  const current = headers.get("ratelimit");
  if (current !== null) {
    const limits = serviceLimits(current, policies);
    if (limits !== undefined) return limits;
  }
  const legacy =
    separateFields(headers, "ratelimit", () => undefined) ??
    separateFields(headers, "x-ratelimit", (reset) =>
      reset > EPOCH_SECONDS_FROM ? Math.max(0, reset * 1000 - nowMs) : undefined,
    );
  if (legacy !== undefined) return [legacy];
  return policies.map(({ name, quota, windowSeconds }) => ({
    ...(name === undefined ? {} : { name }),
    quota,
    ...(windowSeconds === undefined ? {} : { windowSeconds }),
  }));
}

interface Policy {
  readonly name?: string;
  readonly quota: number;
  readonly windowSeconds?: number;
}

/** `RateLimit-Policy: "burst";q=100;w=60, "daily";q=1000;w=86400` (and draft 07's `10;w=1`). */
function policyItems(value: string | null): Policy[] {
  const list = parseOr(() => (value === null ? [] : parseList(value)), []);
  const policies: Policy[] = [];
  for (const [item, params] of list) {
    if (Array.isArray(item)) continue;
    const name = itemName(item);
    const quota = name === undefined ? count(item) : count(params.get("q"));
    const windowSeconds = count(params.get("w"));
    if (quota === undefined || windowSeconds === 0) continue;
    policies.push({
      ...(name === undefined ? {} : { name }),
      quota,
      ...(windowSeconds === undefined ? {} : { windowSeconds }),
    });
  }
  return policies;
}

/** `RateLimit: "default";r=50;t=30`, joined to its policy by name; or draft 07's dictionary. */
function serviceLimits(value: string, policies: readonly Policy[]): AdvertisedLimit[] | undefined {
  const list = parseOr(() => parseList(value), undefined);
  if (list !== undefined) {
    const limits: AdvertisedLimit[] = [];
    for (const [item, params] of list) {
      if (Array.isArray(item)) continue;
      const remaining = count(params.get("r"));
      if (remaining === undefined) continue;
      const name = itemName(item);
      const policy = policies.find((p) => p.name === name);
      limits.push(limit(name, policy, remaining, seconds(params.get("t"))));
    }
    return limits.length > 0 ? limits : undefined;
  }
  const dictionary = parseOr(() => parseDictionary(value), undefined);
  if (dictionary === undefined) return undefined;
  const member = (key: string) => {
    const entry = dictionary.get(key);
    return entry === undefined || Array.isArray(entry[0]) ? undefined : count(entry[0] as BareItem);
  };
  const remaining = member("remaining");
  if (remaining === undefined) return undefined;
  const quota = member("limit");
  const policy = policies.find((p) => p.name === undefined && (quota ?? p.quota) === p.quota);
  const reset = member("reset");
  return [
    limit(
      undefined,
      policy ?? (quota === undefined ? undefined : { quota }),
      remaining,
      reset === undefined ? undefined : reset * 1000,
    ),
  ];
}

/** `<prefix>-Limit`, `<prefix>-Remaining`, `<prefix>-Reset` (delta-seconds, or as `epoch` says). */
function separateFields(
  headers: HeaderSource,
  prefix: string,
  epoch: (reset: number) => number | undefined,
): AdvertisedLimit | undefined {
  const remaining = leadingCount(headers.get(`${prefix}-remaining`));
  if (remaining === undefined) return undefined;
  const quota = leadingCount(headers.get(`${prefix}-limit`));
  const reset = leadingCount(headers.get(`${prefix}-reset`));
  const resetMs = reset === undefined ? undefined : (epoch(reset) ?? reset * 1000);
  return limit(undefined, quota === undefined ? undefined : { quota }, remaining, resetMs);
}

function limit(
  name: string | undefined,
  policy: Omit<Policy, "name"> | undefined,
  remaining: number,
  resetMs: number | undefined,
): AdvertisedLimit {
  return {
    ...(name === undefined ? {} : { name }),
    ...(policy === undefined ? {} : { quota: policy.quota }),
    ...(policy?.windowSeconds === undefined ? {} : { windowSeconds: policy.windowSeconds }),
    remaining,
    ...(resetMs === undefined ? {} : { resetMs }),
  };
}

function itemName(item: BareItem): string | undefined {
  if (typeof item === "string") return item;
  if (item instanceof Token) return item.toString();
  return undefined;
}

/** A non-negative integer, or undefined. */
function count(value: BareItem | undefined): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function seconds(value: BareItem | undefined): number | undefined {
  const n = count(value);
  return n === undefined ? undefined : n * 1000;
}

/** The first element of a legacy field (`10` or `10, 10;w=1`), when it is a plain integer. */
function leadingCount(value: string | null): number | undefined {
  const first = value?.split(",")[0]?.split(";")[0]?.trim();
  return first !== undefined && /^\d+$/.test(first) ? Number(first) : undefined;
}

function parseOr<T, F>(parse: () => T, fallback: F): T | F {
  try {
    return parse();
  } catch {
    return fallback;
  }
}
