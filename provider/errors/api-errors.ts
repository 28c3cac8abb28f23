import {
  CxoneWebchatError,
  isCxoneWebchatError,
  type CxoneWebchatErrorOptions,
} from "./base-error";
import { redact } from "./redact";

// Errors of an API: CXone, its discovery service or a WAF answered, with an error or a refusal.
// The answer says what to fix; an error that got no answer at all is a NetworkError.

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
  readonly kind: "cxone-api" | "cxone-auth" | "widget-not-found" = "cxone-api";
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

/** The token endpoint refused the client credentials or failed. */
export class CxoneAuthError extends CxoneApiError {
  override readonly kind = "cxone-auth";
}

/** The widget does not exist on the tenant (404). */
export class WidgetNotFoundError extends CxoneApiError {
  override readonly kind = "widget-not-found";

  constructor(
    details: ApiErrorDetails,
    readonly widgetId: string,
    options?: CxoneWebchatErrorOptions,
  ) {
    super({ ...details, detail: `widget ${widgetId} not found on this tenant` }, options);
  }
}

/** API discovery for a tenant id failed: no answer, an error, or a document without endpoints. */
export class DiscoveryError extends CxoneWebchatError {
  readonly kind = "discovery";

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

/**
 * A write refused because another stack, or another resource of this stack, manages the
 * widget's policy. Without it, two stacks declaring one widget would overwrite each other on
 * every up, each seeing the other's policy as drift. The message comes from the ownership rules
 * (`ownershipConflict` in `policy/ownership.ts`), which know what a claim means.
 */
export class WidgetOwnershipError extends CxoneWebchatError {
  readonly kind = "widget-ownership";

  constructor(
    readonly widgetId: string,
    /** The claim found on the widget. */
    readonly found: string,
    /** The claim of the resource that was refused. */
    readonly wanted: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `destroy` could not give a widget back the policy it had before the stack adopted it: the
 * tenant refuses that policy now (it answered 422, for example after its rules tightened).
 * Retrying cannot help; the message names the ways out, none of which loses the policy.
 */
export class RestoreRefusedError extends CxoneWebchatError {
  readonly kind = "restore-refused";

  /**
   * @param widgetId the widget being destroyed
   * @param cause the tenant's refusal, whose message names its field errors
   */
  constructor(
    readonly widgetId: string,
    cause: Error,
  ) {
    super(
      `restoring the policy widget ${widgetId} had before this stack adopted it was refused: ${cause.message}. ` +
        "The tenant no longer accepts that policy, so every destroy would fail the same way; nothing was changed. Either: " +
        `(1) set onDelete: "clear" on this resource, run pulumi up, then pulumi destroy: the widget is left with no policy, ` +
        "and the audit line of that destroy keeps the refused policy's exact JSON (discardedPolicyJson), so it is not lost; or " +
        "(2) keep a copy with pulumi stack export > before-destroy.json (the refused policy is its previousPolicyJson), then " +
        "remove the resource from the state with pulumi state delete <its URN> (pulumi stack --show-urns lists it): " +
        "the widget keeps this stack's policy and claim.",
      { cause },
    );
  }
}

/** A webhook that was not delivered: no 2xx after every retry. */
export class WebhookDeliveryError extends CxoneWebchatError {
  readonly kind = "webhook-delivery";

  constructor(
    /** The target without its query, which may hold a token. */
    readonly target: string,
    readonly eventType: string,
    readonly status: number | "network" | "timeout",
    readonly attempts: number,
    detail: string,
    options?: CxoneWebchatErrorOptions,
  ) {
    const what =
      typeof status === "number"
        ? `failed with ${status}`
        : `failed (${status === "timeout" ? "timed out" : "connection failed"})`;
    // Redacted before it is cut short, so that no part of a secret is left at the cut.
    const shown = redact(detail, options?.secrets).slice(0, 200);
    super(
      `delivery of ${eventType} to ${target} ${what} after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}: ${shown}`,
      options,
    );
  }
}

/**
 * True when a delivery failed because the WAF could not be reached or was unavailable: no
 * connection, a timeout, or 429 or 5xx after every retry. A WAF that answered with another 4xx
 * (a bad signature, a wrong path) was reached and refused: that is a setting to fix, not an
 * outage to ride out.
 */
export function isWafUnreachable(error: unknown): boolean {
  if (!isCxoneWebchatError(error, "webhook-delivery")) return false;
  const { status } = error;
  return typeof status === "string" || status === 429 || status >= 500;
}
