import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-project";

/** A versitygw S3 server on 127.0.0.1, serving a temporary directory (each folder a bucket). */
export interface Versitygw {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly pid: number;
  /** The credentials it accepts, as the AWS SDK and the Pulumi CLI read them. */
  readonly env: { readonly AWS_ACCESS_KEY_ID: string; readonly AWS_SECRET_ACCESS_KEY: string };
  /** Creates a bucket (a folder of the served directory) and returns its name. */
  bucket(name: string): string;
  /** Where an object of a bucket lies on disk (the POSIX backend keeps keys as paths). */
  path(bucket: string, key?: string): string;
  /** An `s3://` URL for a prefix of a bucket, with this server's endpoint options. */
  url(bucket: string, prefix?: string): string;
  /** Stops the server by its pid and removes its directory. */
  stop(): Promise<void>;
}

/**
 * The directory holding versitygw, from scripts/versitygw.sh (built from its Go module on first
 * use, then cached). Throws, saying why, when the script fails: a test that needs S3 fails.
 */
export function versitygwBinDir(): string {
  const result = spawnSync("bash", [join(REPO_ROOT, "scripts", "versitygw.sh")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(
      `scripts/versitygw.sh failed with exit code ${result.status ?? result.signal}: versitygw, the S3 server these tests need, is not available`,
    );
  return result.stdout.trim().split("\n").pop() ?? "";
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${endpoint}/`, { method: "GET", timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts versitygw: `versitygw --access K --secret S --port 127.0.0.1:<free port> posix <tmp>`,
 * on a port found free by binding port 0, and waits until it answers. Tries another port if the
 * one it picked was taken meanwhile; rejects with its output when it cannot serve.
 */
export async function startVersitygw(): Promise<Versitygw> {
  const binary = join(versitygwBinDir(), "versitygw");
  const root = mkdtempSync(join(tmpdir(), "versitygw-"));
  const env = {
    AWS_ACCESS_KEY_ID: "cxone-test",
    AWS_SECRET_ACCESS_KEY: randomBytes(12).toString("hex"),
  };
  let output = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const args = ["--access", env.AWS_ACCESS_KEY_ID, "--secret", env.AWS_SECRET_ACCESS_KEY];
    const child = spawn(binary, [...args, "--port", `127.0.0.1:${port}`, "posix", root], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (child.exitCode === null && Date.now() < deadline && !(await answers(endpoint)))
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (child.exitCode === null && child.pid !== undefined && (await answers(endpoint))) {
      const pid = child.pid;
      return {
        endpoint,
        pid,
        env,
        bucket(name) {
          mkdirSync(join(root, name), { recursive: true });
          return name;
        },
        path(bucket, key = "") {
          return join(root, bucket, key);
        },
        url(bucket, prefix = "") {
          return `s3://${bucket}/${prefix}?endpoint=${endpoint}&use_path_style=true&region=us-east-1`;
        },
        async stop() {
          if (child.exitCode === null) {
            process.kill(pid, "SIGTERM");
            const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exited(child);
            clearTimeout(killer);
          }
          rmSync(root, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited(child);
  }
  rmSync(root, { recursive: true, force: true });
  throw new Error(`versitygw did not serve on 127.0.0.1:\n${output.trim()}`);
}

/** Starts versitygw before the calling suite and stops it after. */
export function useVersitygw(): { server: Versitygw } {
  const state = {} as { server: Versitygw };
  before(async function () {
    // The first build takes minutes; later runs reuse the cache.
    this.timeout(30 * 60_000);
    state.server = await startVersitygw();
  });
  after(async () => {
    await state.server?.stop();
  });
  return state;
}
