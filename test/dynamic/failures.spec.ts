import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { CxoneAuthError } from "../../provider/errors/api-errors";
import { HookFailure } from "../../provider/dynamic/hook-failure";
import { withCleanFailures } from "../../provider/dynamic/failures";
import { PartialFailure } from "../../provider/dynamic/partial-failure";
import { rejection } from "../helpers/rejection";

const authError = () =>
  new CxoneAuthError({
    method: "POST",
    path: "/oauth/token",
    status: 401,
    statusText: "Unauthorized",
    requestId: "req-1",
    detail: "unknown client or wrong secret",
  });

/** A provider whose every hook fails with `error`. */
function failing(error: unknown): pulumi.dynamic.ResourceProvider {
  const fail = () => Promise.reject(error);
  return { check: fail, diff: fail, read: fail, delete: fail, create: fail, update: fail };
}

describe("withCleanFailures", () => {
  it("makes the line the SDK prints for a failed read the error's name and message, with no stack frames", async () => {
    const original = authError();
    const error = await rejection(withCleanFailures(failing(original)).read!("w", {}));
    // What the dynamic-provider host writes to stderr for check, diff, read and delete.
    expect(`${error}: ${(error as Error).stack}`).to.equal(`CxoneAuthError: ${original.message}`);
    expect(String((error as Error).stack)).to.not.match(/\n\s+at /);
    expect((error as Error).message).to.equal(original.message);
    expect((error as Error).cause).to.equal(original);
  });

  for (const hook of ["check", "diff", "delete"] as const) {
    it(`wraps ${hook} the same way`, async () => {
      const provider = withCleanFailures(failing(new Error("boom")));
      const call = provider[hook] as (...args: unknown[]) => Promise<unknown>;
      expect(await rejection(call("w", {}, {}))).to.be.an.instanceOf(HookFailure);
    });
  }

  it("leaves create and update errors as they are, so a partial failure keeps its id", async () => {
    const partial = new PartialFailure("written, then failed", "w", { a: 1 }, ["later step"]);
    const provider = withCleanFailures(failing(partial));
    expect(await rejection(provider.create({}))).to.equal(partial);
    expect(await rejection(provider.update!("w", {}, {}))).to.equal(partial);
  });

  it("passes results through, with the hook bound to its provider", async () => {
    class Echo {
      readonly tag = "echo";
      async read(id: string): Promise<pulumi.dynamic.ReadResult> {
        return { id, props: { tag: this.tag } };
      }
      async create(): Promise<pulumi.dynamic.CreateResult> {
        return { id: "x" };
      }
    }
    const provider = withCleanFailures(new Echo());
    expect(await provider.read?.("w", {})).to.deep.equal({ id: "w", props: { tag: "echo" } });
    expect(provider.check).to.equal(undefined);
  });
});
