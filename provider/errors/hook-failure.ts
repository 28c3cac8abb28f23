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
    HOST_ECHOES.add(this.hostEcho());
  }

  override toString(): string {
    return this.name;
  }

  /** The line the SDK's host writes to stderr for this failure: `${error}: ${error.stack}`. */
  hostEcho(): string {
    return `${this.name}: ${this.message}`;
  }
}

/**
 * The host's stderr lines for failures it is about to report to the engine anyway. The CLI shows
 * a provider's stderr as a message of its own, so each such failure read twice in the
 * Diagnostics: once from stderr, under the stack, and once as the resource's error.
 */
const HOST_ECHOES = new Set<string>();

/**
 * Keeps the host's echo of a {@link HookFailure} off the provider's stderr: the engine reports
 * the failure itself, once, under its resource. Every other line is written as before. Installed
 * once, in a dynamic-provider process.
 */
export function silenceHostEchoes(target: Pick<Console, "error"> = console): void {
  const write = target.error.bind(target);
  target.error = (...args: unknown[]) => {
    const [line] = args;
    if (args.length === 1 && typeof line === "string" && HOST_ECHOES.delete(line)) return;
    write(...args);
  };
}
