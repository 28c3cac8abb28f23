import { CxoneWebchatError, isCxoneWebchatError } from "../errors/base-error";

/** A field-level complaint from a 400 or 422 body. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** What is known of a failed CXone request. */
export interface ApiErrorDetails {
  readonly method: string;
  /** Path without the query, which can carry tokens. */
  readonly path: string;
  readonly status: number;
  readonly statusText: string;
  /** CXone's `x-request-id`, for support tickets. */
  readonly requestId?: string | undefined;
  readonly fieldErrors?: readonly FieldError[];
  /** The redacted explanation: server message, or what the client concluded. */
  readonly detail: string;
  /** Attempts made, when retries happened. */
  readonly attempts?: number;
}

const API_ERROR_KINDS = new Set(["CxoneApiError", "CxoneAuthError", "WidgetNotFoundError"]);

/**
 * A CXone request that got an HTTP answer other than success. The message reads like
 * `PUT /api/v2/webchat/widgets/abc failed with 412 Precondition Failed: ...` and never holds a
 * token or secret: every detail is redacted before it gets here.
 */
export class CxoneApiError extends CxoneWebchatError {
  readonly kind: string = "CxoneApiError";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly fieldErrors: readonly FieldError[];

  constructor(readonly details: ApiErrorDetails) {
    const fields = (details.fieldErrors ?? []).map((f) => `\n  ${f.field}: ${f.message}`).join("");
    const attempts =
      details.attempts !== undefined && details.attempts > 1
        ? ` after ${details.attempts} attempts`
        : "";
    const request = details.requestId !== undefined ? ` (request id ${details.requestId})` : "";
    super(
      `${details.method} ${details.path} failed with ${details.status} ${details.statusText}${attempts}: ` +
        `${details.detail}${request}${fields}`,
    );
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.requestId = details.requestId;
    this.fieldErrors = details.fieldErrors ?? [];
  }
}

/** The token endpoint refused the client credentials or failed. */
export class CxoneAuthError extends CxoneApiError {
  override readonly kind = "CxoneAuthError";
}

/** The widget does not exist on the tenant (404). */
export class WidgetNotFoundError extends CxoneApiError {
  override readonly kind = "WidgetNotFoundError";

  constructor(
    details: ApiErrorDetails,
    readonly widgetId: string,
  ) {
    super({ ...details, detail: `widget ${widgetId} not found on this tenant` });
  }
}

/** True for any {@link CxoneApiError}, from any copy of this module. */
export function isCxoneApiError(error: unknown): error is CxoneApiError {
  return isCxoneWebchatError(error) && API_ERROR_KINDS.has(error.kind);
}

/** True for a {@link WidgetNotFoundError}, from any copy of this module. */
export function isWidgetNotFoundError(error: unknown): error is WidgetNotFoundError {
  return isCxoneWebchatError(error) && error.kind === "WidgetNotFoundError";
}
