/**
 * An error leaving `check`, `diff`, `read` or `delete`, shaped so that the CLI shows it as one
 * line: for those hooks the SDK's host also writes `${error}: ${error.stack}` to stderr, which
 * {@link HostEchoes} drops; `stack` is the message alone. The original is the `cause`.
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

  /** The line the SDK's host writes to stderr for this failure: `${error}: ${error.stack}`. */
  hostEcho(): string {
    return `${this.name}: ${this.message}`;
  }
}

/**
 * The host's stderr lines for failures it is about to report to the engine anyway. The CLI shows
 * a provider's stderr as a message of its own, so each such failure read twice in the
 * Diagnostics: once from stderr, under the stack, and once as the resource's error. One per
 * provider process (see `registry.ts`).
 */
export class HostEchoes {
  private readonly expected = new Set<string>();

  /** Expects the host's echo of `failure`, and returns the failure. */
  expect(failure: HookFailure): HookFailure {
    this.expected.add(failure.hostEcho());
    return failure;
  }

  /**
   * Keeps the host's echo of each expected {@link HookFailure} off `target`'s error stream (the
   * provider's stderr): the engine reports the failure itself, once, under its resource. Every
   * other line is written as before.
   */
  silence(target: Pick<Console, "error"> = console): void {
    const write = target.error.bind(target);
    target.error = (...args: unknown[]) => {
      const [line] = args;
      if (args.length === 1 && typeof line === "string" && this.expected.delete(line)) return;
      write(...args);
    };
  }
}
