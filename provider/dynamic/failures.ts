import type * as pulumi from "@pulumi/pulumi";
import type { RecordedStep } from "../audit/step-recorder";
import type { Violation } from "../errors/input-errors";
import { HookFailure, type HostEchoes } from "./hook-failure";
import { PartialFailure } from "./partial-failure";
import { withProvider } from "./properties";

/**
 * How failures reach the engine: check failures it prints cleanly, hook errors as one line, and
 * a step that half-succeeded as a partial failure that keeps what landed.
 */

/**
 * Violations as the engine's CheckFailures, with the path leading the reason and no property.
 *
 * Why no property: the engine prints a failure that names one as
 * `property <p> value <inputs[p]> has a problem: <reason>`, looking `<p>` up as a top-level key
 * and printing its value in Go syntax. A nested path such as `rules[0].pattern` then prints as
 * `value {<nil>}`, an object as `{map[action:{block} ...]}`, and 51 rules print all 51 rules.
 * A failure with an empty property prints as `<type> resource '<name>' has a problem: <reason>`,
 * so `rules[0].pattern: "/q=%3Cscript%3E" contains ...` reads the same in the CLI and in the
 * Automation API.
 */
export function checkFailures(violations: readonly Violation[]): pulumi.dynamic.CheckFailure[] {
  return violations.map((v) => ({ property: "", reason: `${v.path}: ${v.reason}` }));
}

/** A `check` hook's answer from a pure check's inputs and violations (see {@link checkFailures}). */
export function checkResult(checked: {
  inputs: Record<string, unknown>;
  failures: readonly Violation[];
}): pulumi.dynamic.CheckResult {
  return { inputs: checked.inputs, failures: checkFailures(checked.failures) };
}

/**
 * `provider` with its check, diff, read and delete failing as a {@link HookFailure}, whose echo
 * on stderr `echoes` then drops (see {@link HostEchoes}).
 */
export function withCleanFailures(
  provider: pulumi.dynamic.ResourceProvider,
  echoes?: HostEchoes,
): pulumi.dynamic.ResourceProvider {
  const guard =
    <A extends unknown[], R>(hook: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await hook.apply(provider, args);
      } catch (error) {
        const failure = new HookFailure(error);
        throw echoes === undefined ? failure : echoes.expect(failure);
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

/** What had landed when a later step failed: Pulumi must keep it rather than forget it. */
export interface Landed {
  /** Says what landed, such as "the policy was written". */
  readonly what: string;
  readonly id: string;
  readonly outs: Record<string, unknown>;
  /** The serialized provider the host passed in. */
  readonly provider: unknown;
  /** The digest the step left. */
  readonly digestAfter: string | null;
}

/**
 * Records a failed step in the audit trail and returns what the hook throws. When something
 * had landed, that is a {@link PartialFailure} carrying its outputs, so that Pulumi keeps the
 * new state instead of orphaning the change, also when the audit trail itself cannot be written.
 */
export async function failedStep(
  step: RecordedStep,
  error: unknown,
  landed?: Landed,
): Promise<unknown> {
  let message: string;
  try {
    message = await step.fail(error, landed?.digestAfter ?? null);
  } catch (auditError) {
    if (landed === undefined) return error;
    const reason = step.redact(String(auditError));
    return partial(landed, `recording it in the audit trail failed: ${reason}`, reason);
  }
  if (landed === undefined) return error;
  const anchored = step.anchor === undefined ? landed : anchor(landed, step.anchor);
  return partial(anchored, `a later step failed: ${message}`, message);
}

/** The outputs with the hash of the step's audit line (see the outputs' `auditHash`). */
function anchor(landed: Landed, auditHash: string): Landed {
  return { ...landed, outs: { ...landed.outs, auditHash } };
}

function partial(landed: Landed, why: string, reason: string): PartialFailure {
  return new PartialFailure(
    `${landed.what}, but ${why}`,
    landed.id,
    withProvider(landed.outs, landed.provider),
    [reason],
  );
}
