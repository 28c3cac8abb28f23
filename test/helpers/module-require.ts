import { createRequire } from "node:module";
import type { ModuleRequire } from "../../provider/audit/s3-sdk";

const here = createRequire(__filename);

/**
 * Node's require as a project has it where the package `missing` is not installed: looking it up
 * fails as Node's does (an Error with the code MODULE_NOT_FOUND); every other module is found as
 * here. A require made with createRequire in a temporary directory would not prove the absence:
 * Node also looks in every node_modules above it, and a machine may have one in /tmp.
 */
export function requireWithout(missing: string): ModuleRequire {
  const refuse = (id: string) => {
    if (id === missing)
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
  };
  return Object.assign(
    (id: string): unknown => {
      refuse(id);
      return here(id);
    },
    {
      resolve: (id: string): string => {
        refuse(id);
        return here.resolve(id);
      },
    },
  );
}
