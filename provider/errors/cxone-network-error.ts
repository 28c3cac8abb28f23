import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** A request that got no HTTP answer: connection failure or timeout, after every retry. */
export class CxoneNetworkError extends CxoneWebchatError {
  readonly kind = "CxoneNetworkError";
  readonly family = "network";

  constructor(
    readonly method: string,
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

/** True for a {@link CxoneNetworkError}, from any copy of this module. */
export function isCxoneNetworkError(error: unknown): error is CxoneNetworkError {
  return isCxoneWebchatError(error) && error.kind === "CxoneNetworkError";
}
