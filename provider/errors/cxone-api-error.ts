import {
  CxoneWebchatError,
  isCxoneWebchatError,
  type CxoneWebchatErrorOptions,
} from "./base-error";
import { redact } from "./redact";

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

/**
 * A CXone request that got an HTTP answer other than success. The message reads like
 * `PUT /api/v2/webchat/widgets/abc failed with 412 Precondition Failed: ...` and never holds a
 * token or secret: the detail and the field errors are redacted here, of `secrets` and of
 * anything shaped like a token.
 */
export class CxoneApiError extends CxoneWebchatError {
  readonly kind: string = "CxoneApiError";
  readonly family = "api";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly fieldErrors: readonly FieldError[];

  readonly details: ApiErrorDetails;

  constructor(given: ApiErrorDetails, options: CxoneWebchatErrorOptions = {}) {
    const details: ApiErrorDetails = {
      ...given,
      detail: redact(given.detail, options.secrets),
      fieldErrors: (given.fieldErrors ?? []).map((f) => ({
        field: f.field,
        message: redact(f.message, options.secrets),
      })),
    };
    const fields = (details.fieldErrors ?? []).map((f) => `\n  ${f.field}: ${f.message}`).join("");
    const attempts =
      details.attempts !== undefined && details.attempts > 1
        ? ` after ${details.attempts} attempts`
        : "";
    const request = details.requestId !== undefined ? ` (request id ${details.requestId})` : "";
    super(
      `${details.method} ${details.path} failed with ${details.status} ${details.statusText}${attempts}: ` +
        `${details.detail}${request}${fields}`,
      options,
    );
    this.details = details;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.requestId = details.requestId;
    this.fieldErrors = details.fieldErrors ?? [];
  }
}

/**
 * True for any {@link CxoneApiError} (its subclasses too), from any copy of this module: an
 * error that carries a tenant's answer, with its `status`. The family alone would not do: other
 * errors of the `api` family (a refused restore) wrap an answer but have no status of their own.
 */
export function isCxoneApiError(error: unknown): error is CxoneApiError {
  return (
    isCxoneWebchatError(error) &&
    error.family === "api" &&
    typeof (error as { status?: unknown }).status === "number" &&
    typeof (error as { details?: unknown }).details === "object"
  );
}
