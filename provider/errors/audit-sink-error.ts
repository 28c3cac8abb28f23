import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * The audit sink could not be written or read: unreachable, refused, or so busy with other
 * writers that no sequence number was free. A deployment spools the line instead of failing.
 */
export class AuditSinkError extends CxoneWebchatError {
  readonly kind = "AuditSinkError";
  readonly family = "audit";

  constructor(
    /** The sink's location, a directory or a URL. */
    readonly location: string,
    message: string,
    cause?: unknown,
  ) {
    super(`audit sink ${location}: ${message}`, { cause });
  }
}

/** True for an {@link AuditSinkError}, from any copy of this module. */
export function isAuditSinkError(error: unknown): error is AuditSinkError {
  return isCxoneWebchatError(error) && error.kind === "AuditSinkError";
}
