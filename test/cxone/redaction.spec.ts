import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { CxoneClient } from "../../provider/cxone/client";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import { FakeClock } from "../helpers/fake-clock";
import { rejection } from "../helpers/rejection";

const SECRET = "client-secret-7e2b91c4";
const TOKEN = "issued-token-a1b2c3d4e5";

/**
 * A hostile server that echoes what it received in its errors: the worst case for leaks.
 * Token requests get a token, unless the test asks for the token endpoint to fail.
 */
function echoServer(failToken: boolean): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/oauth/token" && !failToken) {
        res.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600 }));
        return;
      }
      res.statusCode = req.url === "/oauth/token" ? 401 : 400;
      res.end(
        JSON.stringify({
          message: `rejected ${req.headers.authorization ?? ""} body=${body} token ${TOKEN} secret ${SECRET}`,
          errors: [{ field: "x", message: `echo ${req.headers.authorization ?? ""} ${SECRET}` }],
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

function everythingIn(error: Error): string {
  return `${error.message}\n${error.stack ?? ""}\n${JSON.stringify(error)}`;
}

describe("error redaction", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  const client = (url: string) =>
    new CxoneClient({
      tenant: { baseUrl: url },
      credentials: {
        kind: "client-credentials",
        values: { clientId: "cid", clientSecret: SECRET },
      },
      clock: new FakeClock(),
      pacing: new TokenBucket({ requestsPerSecond: 100, burst: 100 }, new FakeClock()),
    });

  it("keeps the bearer token and the client secret out of API errors", async () => {
    const echo = await echoServer(false);
    server = echo.server;
    const error = await rejection(client(echo.url).getWidget("w"));
    const text = everythingIn(error);
    expect(text).to.contain("failed with 400");
    expect(text).to.contain("[REDACTED]");
    expect(text).to.not.contain(TOKEN);
    expect(text).to.not.contain(SECRET);
  });

  it("keeps the client secret out of token errors, even when the server echoes the form", async () => {
    const echo = await echoServer(true);
    server = echo.server;
    const error = await rejection(client(echo.url).getWidget("w"));
    const text = everythingIn(error);
    expect(text).to.match(/^POST \/oauth\/token failed with 401/);
    expect(text).to.not.contain(SECRET);
  });
});
