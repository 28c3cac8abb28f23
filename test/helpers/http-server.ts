import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A server on 127.0.0.1 whose answers a test scripts, one handler per request in order. */
export interface ScriptedServer {
  readonly url: string;
  /** The requests it got: method, path and headers. */
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage["headers"] }>;
  stop(): Promise<void>;
}

/** Answers each request with the next handler; the last one answers every request after it. */
export async function scriptedServer(
  ...handlers: Array<(req: IncomingMessage, res: ServerResponse) => void>
): Promise<ScriptedServer> {
  const requests: ScriptedServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    const handler = handlers[Math.min(requests.length - 1, handlers.length - 1)];
    req.resume();
    req.on("end", () => handler?.(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handler answering `status` with a JSON body and headers. */
export const answer =
  (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

/** A handler that drops the connection without an answer. */
export const reset = (req: IncomingMessage) => req.socket.destroy();
