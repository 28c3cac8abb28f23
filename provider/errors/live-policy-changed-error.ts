import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** What a widget held when its create compared it with `livePolicyDigest`. */
export type LivePolicyFound =
  /** A policy the model accepts, and its digest. */
  | { readonly kind: "policy"; readonly digest: string }
  /** No policy (the field is absent or null). */
  | { readonly kind: "none" }
  /** A policy today's rules refuse, which has no digest. */
  | { readonly kind: "invalid" };

/**
 * A create refused, with nothing written, because the widget's live policy is not the one whose
 * digest the program gave as `livePolicyDigest`: someone changed the widget since the data file
 * was exported. Adopting it anyway would overwrite that change unseen, which is what the digest
 * is there to prevent. The message names the widget, both digests, and the two ways on.
 */
export class LivePolicyChangedError extends CxoneWebchatError {
  readonly kind = "LivePolicyChangedError";
  readonly family = "input";

  constructor(
    readonly widgetId: string,
    /** The digest the program gave as `livePolicyDigest`. */
    readonly expected: string,
    /** What the widget holds now. */
    readonly found: LivePolicyFound,
  ) {
    super(
      `widget ${widgetId} changed since its livePolicyDigest was taken: livePolicyDigest is ${expected}, ` +
        `${describeFound(found)}; nothing was written. ` +
        "Export the widgets again (pulumi-cxone-webchat export) and run pulumi up with the new data file, " +
        "or, to overwrite the live policy with the declared one, remove livePolicyDigest from this resource.",
    );
  }
}

function describeFound(found: LivePolicyFound): string {
  switch (found.kind) {
    case "policy":
      return `the live policy's digest is ${found.digest}`;
    case "none":
      return "the widget has no policy now";
    case "invalid":
      return "the live policy breaks today's rules now, so it has no digest";
  }
}

/** True for a {@link LivePolicyChangedError}, from any copy of this module. */
export function isLivePolicyChangedError(error: unknown): error is LivePolicyChangedError {
  return isCxoneWebchatError(error) && error.kind === "LivePolicyChangedError";
}
