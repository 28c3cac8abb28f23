import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** A provider setting (stack config, environment or connection) that cannot be used. */
export class InvalidSettingError extends CxoneWebchatError {
  readonly kind = "InvalidSettingError";
  readonly family = "config";

  constructor(
    /** Where the value came from, such as `cxone:baseUrl` or `CXONE_BASE_URL`. */
    readonly source: string,
    value: string,
    rule: string,
  ) {
    super(`${source}: ${JSON.stringify(value)} ${rule}`);
  }
}

/** True for an {@link InvalidSettingError}, from any copy of this module. */
export function isInvalidSettingError(error: unknown): error is InvalidSettingError {
  return isCxoneWebchatError(error) && error.kind === "InvalidSettingError";
}
