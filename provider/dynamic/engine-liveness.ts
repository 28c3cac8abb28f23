import { connect } from "node:net";
import { EngineGoneError } from "../errors/state-errors";

/** The engine's gRPC address (`host:port`), which the host passes to a provider as its first argument. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const first = argv[2];
  return first !== undefined && /^[\w.-]+:\d+$/.test(first) ? first : undefined;
}

/**
 * Whether something still accepts connections at `address`. Only a refused connection counts
 * as gone: a timeout or another error is not proof, and must not stop a deployment.
 */
export function isListening(address: string, timeoutMs = 2_000): Promise<boolean> {
  const at = address.lastIndexOf(":");
  const host = address.slice(0, at);
  const port = Number(address.slice(at + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => done(true));
    socket.once("connect", () => done(true));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
  });
}

/**
 * Guards the writes of a provider process against outliving its engine, which a killed `pulumi`
 * leaves without telling it: a connection to the engine's address is refused once it is gone.
 * `beforeWrite` checks that before every write; `watch` checks it every `intervalMs` and calls
 * `onGone`, on a timer that never keeps the process alive by itself.
 */
export function engineGuard(address: string, intervalMs = 2_000) {
  let gone = false;
  const check = async () => {
    if (!gone && !(await isListening(address))) gone = true;
    return gone;
  };
  return {
    async beforeWrite(): Promise<void> {
      if (await check()) throw new EngineGoneError(address);
    },
    watch(onGone: () => void): void {
      const timer = setInterval(() => {
        void check().then((isGone) => {
          if (isGone) {
            clearInterval(timer);
            onGone();
          }
        });
      }, intervalMs);
      timer.unref();
    },
  };
}

/**
 * Ends the process when its stdout or stderr can no longer be written (EPIPE): the CLI is gone,
 * and the SDK's host, logging each failed write as a new error, would otherwise loop forever.
 */
export function exitWhenOutputCloses(
  streams: ReadonlyArray<NodeJS.WriteStream> = [process.stdout, process.stderr],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams)
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") exit(1);
    });
}
