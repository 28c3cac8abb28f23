import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { EngineGoneError } from "../../provider/errors/state-errors";
import {
  engineAddress,
  engineGuard,
  exitWhenOutputCloses,
  isListening,
} from "../../provider/dynamic/engine-liveness";
import { rejection } from "../helpers/rejection";

/** A TCP server on a free loopback port, standing in for the engine. */
async function engine(): Promise<{ server: Server; address: string }> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("engine liveness", () => {
  it("reads the engine's address from a provider's first argument, and nothing else", () => {
    expect(engineAddress(["node", "provider.js", "127.0.0.1:41234"])).to.equal("127.0.0.1:41234");
    expect(engineAddress(["node", "mocha", "dist/test/**/*.spec.js"])).to.equal(undefined);
    expect(engineAddress(["node", "main.js"])).to.equal(undefined);
  });

  it("sees the engine listening, then gone once its port refuses connections", async () => {
    const { server, address } = await engine();
    expect(await isListening(address)).to.equal(true);
    await close(server);
    expect(await isListening(address)).to.equal(false);
  });

  it("lets writes through while the engine is there, and refuses every write after it is gone", async () => {
    const { server, address } = await engine();
    const guard = engineGuard(address);
    await guard.beforeWrite();
    await close(server);
    const error = await rejection(guard.beforeWrite());
    expect(error).to.be.an.instanceOf(EngineGoneError);
    expect(error.message).to.contain(`the Pulumi engine at ${address} is gone`);
    // Gone is final: a new listener on that port later does not bring writes back.
    expect(await rejection(guard.beforeWrite())).to.be.an.instanceOf(EngineGoneError);
  });

  it("calls onGone from its watch once the engine is gone", async () => {
    const { server, address } = await engine();
    const guard = engineGuard(address, 20);
    const gone = new Promise<void>((resolve) => guard.watch(resolve));
    await close(server);
    await gone;
  });
});

describe("exitWhenOutputCloses", () => {
  it("exits when stdout or stderr can no longer be written, and only then", () => {
    const codes: number[] = [];
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    exitWhenOutputCloses([stream], (code) => codes.push(code));
    stream.emit("error", Object.assign(new Error("other"), { code: "EAGAIN" }));
    expect(codes).to.deep.equal([]);
    stream.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(codes).to.deep.equal([1]);
  });
});
