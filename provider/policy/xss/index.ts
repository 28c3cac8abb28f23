/**
 * Detection of script-injection vectors in the policy strings that reach the widget's page.
 *
 * A CXone rule pattern ends up inside the widget's page. A pattern that carries markup or a
 * script URL is at best a mistake and at worst a stored XSS, so it is rejected, never rewritten:
 * a silently rewritten rule would not be the rule the author reviewed.
 *
 * Attackers dodge naive filters with case, encodings and junk characters, so the text is
 * decoded until it stops changing (see `decode.ts`), and every stage is searched for each class
 * of vector in `vectors.ts`, at the boundaries a browser or a script engine would honour.
 */
import { revealStages } from "./stages";
import { VECTOR_FORMS } from "./vectors";

export { revealStages, type Stage } from "./stages";
export { VECTOR_FORMS, type VectorForm } from "./vectors";

/** A script-injection vector found in a text. */
export interface XssFinding {
  /** The vector as found after decoding, e.g. `<script`, `onload=`, `javascript:`. */
  readonly vector: string;
  /** The class of vector and why it is rejected, for the error message. */
  readonly form: string;
}

/**
 * Returns the first script-injection vector found in `text`, or `undefined` when there is none.
 * Pure and deterministic: no state is kept between calls, and time is linear in the length.
 */
export function findXssVector(text: string): XssFinding | undefined {
  for (const stage of revealStages(text)) {
    for (const { form, find } of VECTOR_FORMS) {
      const vector = find(stage);
      if (vector !== undefined) return { vector, form };
    }
  }
  return undefined;
}
