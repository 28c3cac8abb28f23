import { CxoneWebchatError } from "./base-error";

// Errors of the network: a request, to CXone, its discovery service or a WAF, that got no HTTP
// answer at all. An answer, even an error, is an API error.

/** A request that got no HTTP answer: connection failure or timeout, after every retry. */
export class NetworkError extends CxoneWebchatError {
  readonly kind = "network";

  constructor(
    /**
     * What the request tried to reach: its URL without query or user info, such as
     * `https://api.example.com/api/v2/webchat/widgets/w1` or a WAF's webhook URL.
     */
    readonly target: string,
    readonly method: string,
    /** The path the message names, without the query. */
    readonly path: string,
    readonly reason: "network" | "timeout",
    readonly attempts: number,
    /** What went wrong on the last attempt, such as "timed out after 10000 ms". */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${method} ${path} failed after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}: ${detail}`,
      options,
    );
  }
}
