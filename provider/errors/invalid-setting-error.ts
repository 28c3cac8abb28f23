import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** A provider setting (stack config, environment or connection) that cannot be used. */
export class InvalidSettingError extends CxoneWebchatError {
  readonly kind = "InvalidSettingError";
  readonly family = "config";

  /**
   * @param source where the value came from, such as `cxone:baseUrl` or `CXONE_BASE_URL`
   * @param value the value as given; `undefined` for a secret, which the message never shows
   * @param rule what the value breaks, such as "must be a positive number"
   */
  constructor(
    readonly source: string,
    value: string | undefined,
    rule: string,
  ) {
    super(`${source}: ${value === undefined ? "the value" : JSON.stringify(value)} ${rule}`);
  }
}

/** True for an {@link InvalidSettingError}, from any copy of this module. */
export function isInvalidSettingError(error: unknown): error is InvalidSettingError {
  return isCxoneWebchatError(error) && error.kind === "InvalidSettingError";
}
