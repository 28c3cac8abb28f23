import { spawn } from "node:child_process";
import { join } from "node:path";
import { run } from "../../provider/cli/main";
import { CxoneSimulator, type SimulatorOptions } from "../../provider/simulator/cxone-simulator";
import { REPO_ROOT } from "../../scripts/pulumi-project";

/** A client secret no output may show. */
export const SECRET = "export-test-client-secret-9f2c";
const CLIENT = { clientId: "export-test-client", clientSecret: SECRET };

/** The environment the provider reads, for the simulator at `url`. */
export function tenantEnv(url: string, secret = SECRET): NodeJS.ProcessEnv {
  return {
    CXONE_BASE_URL: url,
    CXONE_CLIENT_ID: CLIENT.clientId,
    CXONE_CLIENT_SECRET: secret,
  };
}

/** Runs the command line as the bin does, collecting stdout and stderr. */
export async function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
    env,
    cwd,
  );
  return { code, out, err, stdout: out.map((l) => `${l}\n`).join(""), stderr: err.join("\n") };
}

/** Starts a simulator with `tenant` for each test of the suite, and stops it after. */
export function useTenant(options: Partial<SimulatorOptions> = {}) {
  const state = {} as { sim: CxoneSimulator };
  beforeEach(async () => {
    state.sim = await new CxoneSimulator({
      clients: [CLIENT],
      rateLimitPerSecond: 1000,
      ...options,
    }).start();
  });
  afterEach(async () => {
    await state.sim.stop();
  });
  return state;
}

/**
 * Runs the built bin as a process, as a user's shell would. Asynchronous, so that a simulator in
 * this process goes on answering it.
 */
export function runBin(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = join(REPO_ROOT, "dist", "provider", "cli", "main.js");
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, ...env },
    cwd,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
