/**
 * Characters that no policy string, setting or identifier may hold, whatever its other rules:
 *
 * - NUL (U+0000): C-based parsers, logs and databases end a string there, so the tenant, the
 *   WAF and a reviewer could each read a different value;
 * - an unpaired surrogate (U+D800 to U+DFFF alone): it is not a character, has no UTF-8 form,
 *   and is silently dropped or replaced on its way through Pulumi's gRPC to the engine, so the
 *   value deployed would differ from the value declared.
 */

const NUL = "\u0000";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` may not be used, naming the character and where it is, or undefined. Pure. */
export function unsafeTextProblem(text: string): string | undefined {
  const nul = text.indexOf(NUL);
  if (nul >= 0) return `contains NUL (U+0000) at index ${nul}, which no string here may hold`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone !== null) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains an unpaired surrogate (U+${code}) at index ${lone.index}, which is not a character and would not arrive intact`;
  }
  return undefined;
}

/** Every string in a JSON-like value with an {@link unsafeTextProblem}, with its path. */
export function unsafeTextIn(
  value: unknown,
  path: readonly PropertyKey[] = [],
): Array<{ path: readonly PropertyKey[]; problem: string }> {
  if (typeof value === "string") {
    const problem = unsafeTextProblem(value);
    return problem === undefined ? [] : [{ path, problem }];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unsafeTextIn(item, [...path, i]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => {
      const keyProblem = unsafeTextProblem(key);
      return [
        ...(keyProblem === undefined
          ? []
          : [{ path: [...path, key], problem: `its key ${keyProblem}` }]),
        ...unsafeTextIn(item, [...path, key]),
      ];
    });
  }
  return [];
}

/** A zod refinement for a string: an issue with the {@link unsafeTextProblem}, if any. */
export function refuseUnsafeText(
  text: string,
  ctx: { addIssue(issue: { code: "custom"; message: string }): void },
): void {
  const problem = unsafeTextProblem(text);
  if (problem !== undefined)
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} ${problem}` });
}
