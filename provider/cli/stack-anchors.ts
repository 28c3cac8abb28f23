import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Anchor } from "../audit/verify-audit";
import { exportedResources } from "../dynamic/stack-export";

/**
 * The audit anchors a stack's state names: each resource's `auditHash` output (a
 * `WebchatSecurityPolicy` or a `WafWebhook`; state written before 0.2 has none), with its URN.
 * Throws, saying what it expected, when the text is not an exported deployment.
 */
export function anchorsFromState(exported: unknown): Anchor[] {
  return exportedResources(exported).flatMap(({ urn, outputs }) => {
    const hash = outputs?.auditHash;
    return typeof hash === "string" && hash !== "" ? [{ anchor: hash, resource: urn }] : [];
  });
}

/** Reads an exported deployment from a file. */
export function readStateFile(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8")) as unknown;
}

/**
 * Exports a stack's state with `pulumi stack export --stack <name>`, run in `cwd` (the project
 * directory), with the backend and credentials of the environment. Throws with the CLI's own
 * message when it fails.
 */
export function exportStack(stack: string, cwd: string, env: NodeJS.ProcessEnv): unknown {
  const result = spawnSync("pulumi", ["stack", "export", "--stack", stack], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error !== undefined)
    throw new Error(`cannot run pulumi stack export: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(
      `pulumi stack export --stack ${stack} failed with exit code ${result.status}: ${result.stderr.trim()}`,
    );
  return JSON.parse(result.stdout) as unknown;
}
