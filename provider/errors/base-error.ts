import { redact } from "./redact";

/**
 * Closure serialization and run-time loading can put two copies of this module in one process,
 * so `instanceof` alone would miss errors thrown by the other copy. A brand registered in the
 * global symbol registry is shared by every copy.
 */
const BRAND = Symbol.for("pulumi-cxone-webchat.error");

/**
 * What kind of trouble an error is, for callers that handle a whole family alike:
 * - `input`: a resource's arguments break a rule (fix the program or its config);
 * - `config`: a provider setting is missing or unusable;
 * - `api`: CXone answered, with an error;
 * - `network`: CXone could not be reached, after every retry;
 * - `delivery`: the WAF did not acknowledge an event;
 * - `ownership`: another stack or resource manages the widget;
 * - `state`: stored state this code cannot read;
 * - `engine`: the Pulumi engine that asked for the work is gone;
 * - `audit`: the audit trail could not be written or read.
 */
export type ErrorFamily =
  "input" | "config" | "api" | "network" | "delivery" | "ownership" | "state" | "engine" | "audit";

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
  /** Names the error class, so guards work across module copies. */
  abstract readonly kind: string;
  /** See {@link ErrorFamily}. */
  abstract readonly family: ErrorFamily;

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
 * Base of the errors found in the Pulumi program itself, before anything reaches the engine.
 * They carry the SDK's `RunError` brand, so that the SDK reports the message alone, and a stack
 * with no frames: on Node 20 the SDK's `util.inspect` of source-mapped frames runs for many
 * seconds. The stack repeats the message as redacted.
 */
export abstract class ProgramError extends CxoneWebchatError {
  /** The SDK's RunError brand: report the message, hide the stack. */
  readonly __pulumiRunError = true;

  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** True for any error thrown by this package, from any copy of the module. */
export function isCxoneWebchatError(error: unknown): error is CxoneWebchatError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true
  );
}
