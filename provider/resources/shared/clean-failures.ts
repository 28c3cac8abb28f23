import type * as pulumi from "@pulumi/pulumi";
import { HookFailure } from "../../errors/hook-failure";

/** `provider` with its check, diff, read and delete failing as a {@link HookFailure}. */
export function withCleanFailures(
  provider: pulumi.dynamic.ResourceProvider,
): pulumi.dynamic.ResourceProvider {
  const guard =
    <A extends unknown[], R>(hook: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await hook.apply(provider, args);
      } catch (error) {
        throw new HookFailure(error);
      }
    };
  return {
    ...(provider.configure === undefined ? {} : { configure: provider.configure.bind(provider) }),
    ...(provider.check === undefined ? {} : { check: guard(provider.check) }),
    ...(provider.diff === undefined ? {} : { diff: guard(provider.diff) }),
    ...(provider.read === undefined ? {} : { read: guard(provider.read) }),
    ...(provider.delete === undefined ? {} : { delete: guard(provider.delete) }),
    create: provider.create.bind(provider),
    ...(provider.update === undefined ? {} : { update: provider.update.bind(provider) }),
  };
}
