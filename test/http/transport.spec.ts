import { expect } from "chai";
import {
  classifyFetchError,
  defaultFetch,
  exchange,
  TransportFailure,
} from "../../provider/http/transport";
import { rejection } from "../helpers/rejection";
import { answer, reset, scriptedServer, type ScriptedServer } from "../helpers/http-server";

describe("transport", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("returns a complete answer and does not follow a redirect", async () => {
    server = await scriptedServer(
      answer(302, { moved: true }, { location: "https://elsewhere.example/" }),
    );
    const result = await exchange(
      defaultFetch,
      `${server.url}/x`,
      { method: "GET", headers: {} },
      2_000,
    );
    expect(result.status).to.equal(302);
    expect(result.headers.get("location")).to.equal("https://elsewhere.example/");
    expect(JSON.parse(result.body)).to.deep.equal({ moved: true });
    expect(server.requests).to.have.length(1);
  });

  it("fails as a timeout when the answer does not come in time", async () => {
    server = await scriptedServer(() => undefined);
    const error = await rejection(
      exchange(defaultFetch, server.url, { method: "GET", headers: {} }, 100),
    );
    expect(error).to.be.instanceOf(TransportFailure);
    expect((error as TransportFailure).reason).to.equal("timeout");
    expect(error.message).to.equal("timed out after 100 ms");
  });

  it("fails as a network failure when the connection drops", async () => {
    server = await scriptedServer(reset);
    const error = (await rejection(
      exchange(defaultFetch, server.url, { method: "GET", headers: {} }, 2_000),
    )) as TransportFailure;
    expect(error.reason).to.equal("network");
    expect(error.message).to.match(/^connection failed/);
  });

  it("classifies socket errors as network and anything else as unknown, a bug not to retry", () => {
    expect(classifyFetchError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).to.equal(
      "network",
    );
    expect(classifyFetchError(new TypeError("fetch failed"))).to.equal("network");
    expect(classifyFetchError(new TypeError("cannot read properties of undefined"))).to.equal(
      "unknown",
    );
  });
});
