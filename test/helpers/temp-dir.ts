import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary directory per test, removed after it. */
export function useTempDir(prefix: string): { readonly path: string } {
  const state = { path: "" };
  beforeEach(() => {
    state.path = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(state.path, { recursive: true, force: true });
  });
  return state;
}
