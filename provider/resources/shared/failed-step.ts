import type { RecordedStep } from "../../audit/step-recorder";
import { PartialFailure } from "../../errors/partial-failure";
import { withProvider } from "./serialized-provider";

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
