import type {
  CxoneApiError,
  CxoneAuthError,
  DiscoveryError,
  RestoreRefusedError,
  WebhookDeliveryError,
  WidgetNotFoundError,
  WidgetOwnershipError,
} from "./api-errors";
import type {
  InvalidArgumentError,
  InvalidSettingError,
  LivePolicyChangedError,
  MissingCredentialsError,
  PolicyValidationError,
  ProgramConfigError,
  TenantCredentialsError,
} from "./input-errors";
import type { NetworkError } from "./network-errors";
import { redact } from "./redact";
import type {
  AuditSinkError,
  EngineGoneError,
  SecretUnavailableError,
  StoredStateError,
} from "./state-errors";

/**
 * Closure serialization and run-time loading can put two copies of this module in one process,
 * so `instanceof` alone would miss errors thrown by the other copy. A brand registered in the
 * global symbol registry is shared by every copy.
 */
const BRAND = Symbol.for("pulumi-cxone-webchat.error");

/**
 * Each error class of this package, by the `kind` its errors carry. Grouped by family, one file
 * each: input (`input-errors.ts`), API (`api-errors.ts`), network (`network-errors.ts`) and state
 * (`state-errors.ts`).
 */
export interface ErrorKinds {
  // A resource's arguments, a provider setting or the program's config break a rule.
  "invalid-argument": InvalidArgumentError;
  "invalid-setting": InvalidSettingError;
  "live-policy-changed": LivePolicyChangedError;
  "missing-credentials": MissingCredentialsError;
  "policy-validation": PolicyValidationError;
  "program-config": ProgramConfigError;
  "tenant-credentials": TenantCredentialsError;
  // A remote party answered, with a refusal or an error.
  "cxone-api": CxoneApiError;
  "cxone-auth": CxoneAuthError;
  discovery: DiscoveryError;
  "restore-refused": RestoreRefusedError;
  "webhook-delivery": WebhookDeliveryError;
  "widget-not-found": WidgetNotFoundError;
  "widget-ownership": WidgetOwnershipError;
  // No answer came, after every retry.
  network: NetworkError;
  // What is kept (state, the audit trail) or the engine that keeps it.
  "audit-sink": AuditSinkError;
  "engine-gone": EngineGoneError;
  "secret-unavailable": SecretUnavailableError;
  "stored-state": StoredStateError;
}

/** The `kind` of an error this package throws, which {@link isCxoneWebchatError} takes. */
export type ErrorKind = keyof ErrorKinds;

/**
 * Kinds whose class extends another kind's class: an error of such a kind is of its parent kind
 * too, as `instanceof` would say (a token refusal is an API answer with a status).
 */
const PARENT_KIND: Readonly<Partial<Record<ErrorKind, ErrorKind>>> = {
  "cxone-auth": "cxone-api",
  "widget-not-found": "cxone-api",
};

/** Options of {@link CxoneWebchatError}. */
export interface CxoneWebchatErrorOptions {
  readonly cause?: unknown;
  /**
   * Values to take out of the message, besides anything shaped like a token, which is always
   * taken out (see `redact`). @default []
   */
  readonly secrets?: ReadonlyArray<string | undefined>;
}

/**
 * Base class of every error this package throws on purpose. The message is redacted here, as
 * octokit's RequestError does, so that no throw site can forget to.
 */
export abstract class CxoneWebchatError extends Error {
  /** What the error is, so that {@link isCxoneWebchatError} works across module copies. */
  abstract readonly kind: ErrorKind;

  constructor(message: string, options: CxoneWebchatErrorOptions = {}) {
    super(
      redact(message, options.secrets),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for any error thrown by this package, from any copy of the module; with a `kind`, true
 * only for an error of that kind, or of a kind whose class extends it: `"cxone-api"` matches a
 * {@link CxoneAuthError} and a {@link WidgetNotFoundError} too, as each is an answer with a
 * status.
 *
 * @example
 * if (isCxoneWebchatError(error, "widget-not-found")) console.log(error.widgetId);
 */
export function isCxoneWebchatError(error: unknown): error is CxoneWebchatError;
export function isCxoneWebchatError<K extends ErrorKind>(
  error: unknown,
  kind: K,
): error is ErrorKinds[K];
export function isCxoneWebchatError(error: unknown, kind?: ErrorKind): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ((error as Record<symbol, unknown>)[BRAND] !== true) return false;
  if (kind === undefined) return true;
  const own = (error as { kind?: unknown }).kind as ErrorKind;
  return own === kind || PARENT_KIND[own] === kind;
}
