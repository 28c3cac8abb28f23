import nodeFetch, { type RequestInit as NodeFetchInit } from "node-fetch";

/** The part of a fetch request this package uses. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: "manual";
}

/** The part of a fetch response this package uses. */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Any fetch-compatible function: node-fetch, the global fetch, or a test double. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** node-fetch, the default transport. */
export const defaultFetch: FetchLike = (url, init) => nodeFetch(url, init as NodeFetchInit);

/** A complete HTTP answer, body read. */
export interface HttpResult {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: string;
}

/** A request that produced no HTTP answer, classified for the retry decision. */
export class TransportFailure extends Error {
  constructor(
    readonly reason: "network" | "timeout" | "unknown",
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH",
  "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT",
]); // prettier-ignore

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string") return code;
  return cause === undefined ? undefined : errorCode(cause);
}

/**
 * Classifies what fetch threw. node-fetch raises a FetchError of type "system" for socket
 * failures, the global fetch a TypeError("fetch failed") with the code in its cause. Anything
 * else is "unknown": a bug, which must not be retried into silence.
 */
export function classifyFetchError(error: unknown): "network" | "unknown" {
  const code = errorCode(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return "network";
  if (typeof error === "object" && error !== null) {
    const { type, name, message } = error as { type?: unknown; name?: unknown; message?: unknown };
    if (name === "FetchError" && type === "system") return "network";
    if (name === "TypeError" && message === "fetch failed") return "network";
  }
  return "unknown";
}

/**
 * One HTTP exchange, bounded in time from the request to the last byte of the body: a server
 * that sends headers and then stalls is caught too. Redirects are not followed.
 */
export async function exchange(
  fetch: FetchLike,
  url: string,
  init: Omit<FetchInit, "signal" | "redirect">,
  timeoutMs: number,
): Promise<HttpResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: controller.signal, redirect: "manual" });
    const body = await response.text();
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body,
    };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new TransportFailure("timeout", `timed out after ${timeoutMs} ms`, { cause: error });
    }
    const reason = classifyFetchError(error);
    const code = errorCode(error);
    const detail =
      reason === "network"
        ? `connection failed${code !== undefined ? ` (${code})` : ""}`
        : String(error);
    throw new TransportFailure(reason, detail, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
