import type * as pulumi from "@pulumi/pulumi";
import type { Violation } from "../../errors/policy-validation-error";

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
