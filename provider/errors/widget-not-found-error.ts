import { isCxoneWebchatError, type CxoneWebchatErrorOptions } from "./base-error";
import { CxoneApiError, type ApiErrorDetails } from "./cxone-api-error";

/** The widget does not exist on the tenant (404). */
export class WidgetNotFoundError extends CxoneApiError {
  override readonly kind = "WidgetNotFoundError";

  constructor(
    details: ApiErrorDetails,
    readonly widgetId: string,
    options?: CxoneWebchatErrorOptions,
  ) {
    super({ ...details, detail: `widget ${widgetId} not found on this tenant` }, options);
  }
}

/** True for a {@link WidgetNotFoundError}, from any copy of this module. */
export function isWidgetNotFoundError(error: unknown): error is WidgetNotFoundError {
  return isCxoneWebchatError(error) && error.kind === "WidgetNotFoundError";
}
