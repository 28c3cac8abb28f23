import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const projectSchema = z.looseObject({ name: z.string().min(1) });

/**
 * The name of the Pulumi project in `cwd`, from its `Pulumi.yaml` (or `Pulumi.yml`), or
 * undefined when there is none or it names none.
 */
export function projectNameIn(cwd: string): string | undefined {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    const path = join(cwd, file);
    if (!existsSync(path)) continue;
    const parsed = projectSchema.safeParse(parseYaml(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data.name : undefined;
  }
  return undefined;
}

/**
 * Pure: the `<project>/<stack>` a stack's claims name, for `--stack` given as `<stack>` (in the
 * project `project`) or fully as `<org>/<project>/<stack>`; undefined when the project is not
 * known.
 */
export function claimStackOf(stack: string, project: string | undefined): string | undefined {
  const parts = stack.split("/");
  if (parts.length === 3) return `${parts[1]}/${parts[2]}`;
  const name = parts.at(-1);
  return project === undefined || name === undefined ? undefined : `${project}/${name}`;
}
