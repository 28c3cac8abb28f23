import { CxoneWebchatError } from "./base-error";

// Errors of input: a resource's arguments, a provider setting or a Pulumi program's config that
// break a rule. Fixing the program or its config fixes them; retrying does not.

/** One broken rule, at one place in the input. */
export interface Violation {
  /** Property path into the input, such as `rules[3].pattern` or `corsOrigins[1]`. */
  readonly path: string;
  /** Names the offending value and the rule it breaks. */
  readonly reason: string;
}

/** Raised when input fails validation; carries every violation, not just the first. */
export class PolicyValidationError extends CxoneWebchatError {
  readonly kind = "policy-validation";

  constructor(readonly violations: readonly Violation[]) {
    super(
      `invalid webchat security policy (${violations.length} ${violations.length === 1 ? "problem" : "problems"}):\n` +
        violations.map((v) => `  ${v.path}: ${v.reason}`).join("\n"),
    );
  }
}

/**
 * Base of the errors found in the Pulumi program itself, before anything reaches the engine.
 * They carry the SDK's `RunError` brand, so that the SDK reports the message alone, and a stack
 * with no frames: on Node 20 the SDK's `util.inspect` of source-mapped frames runs for many
 * seconds. The stack repeats the message as redacted.
 */
abstract class ProgramError extends CxoneWebchatError {
  /** The SDK's RunError brand: report the message, hide the stack. */
  readonly __pulumiRunError = true;

  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * A resource argument the program passed that cannot travel to the provider intact, found in
 * the program itself, before Pulumi serializes it (which would silently change it). The message
 * names the resource, the argument's path and the rule.
 * Reported by the SDK as its message alone, at once, with a stack of no frames.
 */
export class InvalidArgumentError extends ProgramError {
  readonly kind = "invalid-argument";

  constructor(
    /** The resource, such as `WebchatSecurityPolicy "support-chat"`. */
    readonly resource: string,
    problems: ReadonlyArray<{ readonly path: string; readonly reason: string }>,
  ) {
    super(`${resource}: ${problems.map((p) => `${p.path}: ${p.reason}`).join("; ")}`);
  }
}

/**
 * A Pulumi program's stack config that cannot be used: a structured value that is missing,
 * null, or of the wrong shape, or a value the program refuses. The message names the key, what
 * it holds and what is expected.
 * Reported by the SDK as its message alone, with a stack of no frames.
 */
export class ProgramConfigError extends ProgramError {
  readonly kind = "program-config";

  constructor(
    /** The full config key, such as `cxone-webchat-quickstart:authentication`. */
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** A provider setting (stack config, environment or connection) that cannot be used. */
export class InvalidSettingError extends CxoneWebchatError {
  readonly kind = "invalid-setting";

  /**
   * @param source where the value came from, such as `cxone:baseUrl` or `CXONE_BASE_URL`
   * @param value the value as given; `undefined` for a secret, which the message never shows
   * @param requirement what the value must meet, such as "must be a positive number"
   */
  constructor(
    readonly source: string,
    value: string | undefined,
    requirement: string,
  ) {
    super(`${source}: ${value === undefined ? "the value" : JSON.stringify(value)} ${requirement}`);
  }
}

/**
 * One missing piece of a tenant's connection: a setting, or a choice of settings any of which
 * would do (a base URL or a tenant id), each with the three places it can be given.
 */
export interface MissingSetting {
  /** What is missing, in words, such as `clientSecret` or `baseUrl or tenantId`. */
  readonly what: string;
  /** Its stack config keys, such as `cxone:clientSecret`. */
  readonly config: readonly string[];
  /** Its environment variables, such as `CXONE_CLIENT_SECRET`. */
  readonly env: readonly string[];
  /** Its keys in a resource's `connection`, such as `connection.clientSecret`. */
  readonly connection: readonly string[];
}

/** No complete set of CXone connection settings could be found. */
export class MissingCredentialsError extends CxoneWebchatError {
  readonly kind = "missing-credentials";
  /** What is missing, in words. */
  readonly missing: readonly string[];

  constructor(missing: readonly MissingSetting[], hint = "") {
    const whats = missing.map((m) => m.what);
    const all = (pick: (m: MissingSetting) => readonly string[]) =>
      missing.map((m) => pick(m).join(" or ")).join(", ");
    super(
      `CXone connection settings are incomplete: ${whats.join("; ")} ${whats.length === 1 ? "is" : "are"} not set. ` +
        `Set each in any of three ways: stack config (${all((m) => m.config)}; use --secret for secrets), ` +
        `the environment (${all((m) => m.env)}), or the resource's connection argument (${all((m) => m.connection)}).` +
        (hint === "" ? "" : ` ${hint}`),
    );
    this.missing = whats;
  }
}

/**
 * A resource recorded on one tenant must be acted on there (its policy restored or read), and no
 * credentials for that tenant are configured: typically after `cxone:baseUrl` was pointed at
 * another tenant. Thrown before anything is written.
 */
export class TenantCredentialsError extends CxoneWebchatError {
  readonly kind = "tenant-credentials";

  /**
   * @param widgetId the widget whose policy lives on the recorded tenant
   * @param recorded the recorded tenant, as messages name it
   * @param current the tenant the stack's settings name now, as messages name it, if any
   * @param configKey the `cxone:tenants` key to give the recorded tenant's credentials under
   * @param next what the user was doing and how to proceed, in words
   */
  constructor(
    readonly widgetId: string,
    recorded: string,
    current: string | undefined,
    configKey: string,
    next: string,
  ) {
    const path = `cxone:tenants[${JSON.stringify(configKey)}]`;
    super(
      `the policy of widget ${widgetId} lives on ${recorded}, as the state records, but ` +
        (current === undefined
          ? "no credentials for it are configured"
          : `the stack's credentials are for ${current}`) +
        `: nothing was written. ${next} To act on ${recorded}, give its credentials: ` +
        `pulumi config set --path '${path}.clientId' <id> and pulumi config set --secret --path '${path}.clientSecret' <secret> ` +
        `(or accessKeyId and accessKeySecret for an access key).`,
    );
  }
}

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
  readonly kind = "live-policy-changed";

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
