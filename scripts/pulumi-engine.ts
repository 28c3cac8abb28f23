/**
 * The Pulumi engine on this machine, shared by the demo and the end-to-end tests: the CLI built
 * (or reused) by scripts/pulumi-cli.sh, and the settings that run it offline.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The repository root (this file runs from dist/scripts). */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** A CLI ready for the Automation API. */
export interface PulumiEngine {
  readonly command: PulumiCommand;
  readonly binDir: string;
  readonly version: string;
}

/**
 * Builds or reuses the Pulumi CLI through scripts/pulumi-cli.sh, which prints its progress on
 * stderr. Throws, saying why, when the script fails.
 */
export async function pulumiEngine(): Promise<PulumiEngine> {
  const result = spawnSync("bash", [join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(
      `scripts/pulumi-cli.sh failed with exit code ${result.status ?? result.signal}: the Pulumi CLI is not available`,
    );
  }
  const binDir = result.stdout.trim().split("\n").pop() ?? "";
  const command = await PulumiCommand.get({ root: dirname(binDir) });
  return { command, binDir, version: command.version?.toString() ?? "unknown" };
}

/**
 * Environment for offline runs: a file backend and a PULUMI_HOME of the caller's choosing, no
 * update check, no plugin downloads, and the CLI's directory first on PATH so that the engine
 * finds the dynamic-provider plugin beside it.
 */
export function offlineEnv(
  engine: PulumiEngine,
  stateDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const backend = join(stateDir, "backend");
  const home = join(stateDir, "home");
  mkdirSync(backend, { recursive: true });
  mkdirSync(home, { recursive: true });
  return {
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${engine.binDir}:${process.env.PATH ?? ""}`,
    ...extra,
  };
}
