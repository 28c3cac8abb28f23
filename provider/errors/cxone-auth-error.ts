import { isCxoneWebchatError } from "./base-error";
import { CxoneApiError } from "./cxone-api-error";

/** The token endpoint refused the client credentials or failed. */
export class CxoneAuthError extends CxoneApiError {
  override readonly kind = "CxoneAuthError";
}

/** True for a {@link CxoneAuthError}, from any copy of this module. */
export function isCxoneAuthError(error: unknown): error is CxoneAuthError {
  return isCxoneWebchatError(error) && error.kind === "CxoneAuthError";
}
