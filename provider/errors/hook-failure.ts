/**
 * An error leaving `check`, `diff`, `read` or `delete`, shaped for how the SDK reports it.
 *
 * Why: for those four hooks the SDK's dynamic-provider host writes `${error}: ${error.stack}`
 * to the provider's stderr, which the CLI shows, before it returns the message to the engine.
 * A wrong client secret on `pulumi refresh` then printed the message twice and a stack trace
 * of this package's internals, where `up` (create and update, which the host reports by
 * message alone) gave one clean line. Here `toString()` is the error's name and `stack` is its
 * message, so that line reads `CxoneAuthError: POST /oauth/token failed with 401 ...`, once.
 * The original error stays available as `cause`.
 */
export class HookFailure extends Error {
  constructor(cause: unknown) {
    const original = cause instanceof Error ? cause : new Error(String(cause));
    super(original.message, { cause });
    this.name = original.name;
    this.stack = original.message;
  }

  override toString(): string {
    return this.name;
  }
}
