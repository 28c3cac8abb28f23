import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** API discovery for a tenant id failed: no answer, an error, or a document without endpoints. */
export class DiscoveryError extends CxoneWebchatError {
  readonly kind = "DiscoveryError";
  readonly family = "config";

  constructor(
    /** The tenant id discovery was asked about. */
    readonly tenantId: string,
    /** The discovery URL, without its query. */
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `API discovery for tenant ${tenantId} at ${url} failed: ${reason}. ` +
        "Check cxone:tenantId, or set cxone:baseUrl to the tenant's API base URL to skip discovery",
      options,
    );
  }
}

/** True for a {@link DiscoveryError}, from any copy of this module. */
export function isDiscoveryError(error: unknown): error is DiscoveryError {
  return isCxoneWebchatError(error) && error.kind === "DiscoveryError";
}
