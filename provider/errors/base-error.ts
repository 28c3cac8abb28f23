/**
 * Closure serialization and run-time loading can put two copies of this module in one process,
 * so `instanceof` alone would miss errors thrown by the other copy. A brand registered in the
 * global symbol registry is shared by every copy.
 */
const BRAND = Symbol.for("pulumi-cxone-webchat.error");

/** Base class of every error this package throws on purpose. */
export abstract class CxoneWebchatError extends Error {
  /** Names the error family, so guards work across module copies. */
  abstract readonly kind: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for any error thrown by this package, from any copy of the module. */
export function isCxoneWebchatError(error: unknown): error is CxoneWebchatError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true
  );
}
