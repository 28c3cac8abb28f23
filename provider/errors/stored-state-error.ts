import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * Stored state this version of the package cannot read: written by a newer version, or not
 * this package's. Refresh and destroy of that resource need a version that reads it.
 */
export class StoredStateError extends CxoneWebchatError {
  readonly kind = "StoredStateError";
  readonly family = "state";

  constructor(
    /** The resource kind, such as `WebchatSecurityPolicy`. */
    readonly resource: string,
    message: string,
  ) {
    super(`stored ${resource} state ${message}`);
  }
}

/** True for a {@link StoredStateError}, from any copy of this module. */
export function isStoredStateError(error: unknown): error is StoredStateError {
  return isCxoneWebchatError(error) && error.kind === "StoredStateError";
}
