import * as pulumi from "@pulumi/pulumi";
import { managedByClaim } from "../../policy/ownership";
import type { Rule, SecurityPolicy } from "../../policy/schema";
import { guardedArgs, promiseStacksOff, restackError } from "../../dynamic/resource-args";
import { PROVIDER_KEY } from "../../dynamic/properties";
import { dynamicType, serializedProvider } from "../../providers/serialized-provider";
import { SUMMARIZED_PROPERTIES } from "./change-summary";
import type { InputsOf, SameKeys } from "../../dynamic/resource-args";
import type { Connection, WebchatSecurityPolicyInputs } from "./inputs";

/**
 * A rule, as a program declares it (the schema's rule, each part an input): `id` unique, 1 to
 * 64 characters from [A-Za-z0-9_-]; `pattern` 1 to 1024 characters with no `<`, `>` or
 * script-injection vector; `redirectUrl` an https URL, required for `redirect` and refused
 * otherwise.
 */
export type RuleArgs = InputsOf<Rule>;

/**
 * Credentials for this resource alone, overriding stack config and the environment (the
 * schema's connection, each part an input). Pass the secret as one, for example
 * `config.requireSecret("clientSecret")`.
 */
export type ConnectionArgs = InputsOf<Connection>;

/** The arguments of {@link WebchatSecurityPolicy}. */
export interface WebchatSecurityPolicyArgs {
  /** The CXone webchat widget whose policy this resource manages. Changing it replaces the resource. */
  widgetId: pulumi.Input<string>;
  /** Origins allowed to embed the widget; https, normalized, no duplicates. */
  corsOrigins: pulumi.Input<pulumi.Input<string>[]>;
  /** `tokenExpiryMinutes` 5 to 1440, required when `requireToken` is true. */
  authentication: pulumi.Input<InputsOf<SecurityPolicy["authentication"]>>;
  /** At most 50, evaluated in order. @default [] */
  rules?: pulumi.Input<pulumi.Input<RuleArgs>[]>;
  /** Accept http origins other than loopback. @default false */
  allowInsecureOrigins?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ConnectionArgs>;
  /** `restore` puts back the policy the widget had before; `clear` removes it. @default "restore" */
  onDelete?: pulumi.Input<WebchatSecurityPolicyInputs["onDelete"]>;
  /**
   * The `<project>/<stack>` whose claim on the widget this resource may take over. Each policy
   * marks its widget as managed by its stack and resource, and a second one is refused; set
   * this only for a stack that no longer exists (one removed without `pulumi destroy`).
   */
  takeOverFrom?: pulumi.Input<string>;
  /**
   * The policy digest (64 lowercase hex digits, as the `policyDigest` output gives it) of the
   * widget's live policy when its data was exported (`pulumi-cxone-webchat export` writes it).
   * Read only by `create`, which adopts the widget: preview says whether the declared policy is
   * the live one (the first `up` then changes no policy) or replaces it, and `create` refuses,
   * writing nothing, when the widget's live policy has another digest by then (someone changed
   * it since the export). Changing it later updates and replaces nothing.
   */
  livePolicyDigest?: pulumi.Input<string>;
}

// The arguments name the schema's keys, less what the provider computes.
const argsMatchSchema: SameKeys<
  WebchatSecurityPolicyArgs,
  Omit<
    WebchatSecurityPolicyInputs,
    "managedBy" | "policyDigest" | "rulesCount" | "corsOriginsCount" | "baseUrl" | "tenantId"
  >
> = true;
void argsMatchSchema;

/**
 * The security policy of one CXone webchat widget: CORS origins, token authentication and
 * rules. Created on a widget that already has a policy, it adopts the widget and records that
 * policy, which `destroy` restores. Every write is an ETag-guarded read-modify-write that leaves
 * the widget's other settings as they were.
 */
export class WebchatSecurityPolicy extends pulumi.CustomResource {
  declare readonly widgetId: pulumi.Output<string>;
  declare readonly corsOrigins: pulumi.Output<SecurityPolicy["corsOrigins"]>;
  declare readonly authentication: pulumi.Output<SecurityPolicy["authentication"]>;
  declare readonly rules: pulumi.Output<SecurityPolicy["rules"]>;
  declare readonly allowInsecureOrigins: pulumi.Output<boolean>;
  declare readonly onDelete: pulumi.Output<WebchatSecurityPolicyInputs["onDelete"]>;
  /** SHA-256 of the RFC 8785 canonical JSON of the normalized policy (see docs/policy-model.md). */
  declare readonly policyDigest: pulumi.Output<string>;
  /** The widget's ETag after the last write. */
  declare readonly etag: pulumi.Output<string>;
  /** When the policy was last written (ISO 8601). */
  declare readonly appliedAt: pulumi.Output<string>;
  declare readonly rulesCount: pulumi.Output<number>;
  declare readonly corsOriginsCount: pulumi.Output<number>;
  /** The tenant the policy lives on. */
  declare readonly baseUrl: pulumi.Output<string>;
  /** The shape version of the stored state. */
  declare readonly schemaVersion: pulumi.Output<number>;
  /** This resource's claim on the widget: `<project>/<stack>/<resource name>`. */
  declare readonly managedBy: pulumi.Output<string>;

  constructor(name: string, args: WebchatSecurityPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      // The connection is a secret whatever the program passed: it may hold credentials.
      ...guardedArgs(`WebchatSecurityPolicy "${name}"`, args, ["connection"]),
      managedBy: managedByClaim(pulumi.getProject(), pulumi.getStack(), name),
      // The outputs, so that the SDK gives this object an Output for each.
      policyDigest: undefined,
      etag: undefined,
      appliedAt: undefined,
      rulesCount: undefined,
      corsOriginsCount: undefined,
      baseUrl: undefined,
      schemaVersion: undefined,
      // How the provider process loads this package (see serialized-provider.ts).
      [PROVIDER_KEY]: serializedProvider("WebchatSecurityPolicy"),
    };
    const options = pulumi.mergeOptions(opts, {
      additionalSecretOutputs: ["connection"],
      // Shown by the provider's own summary, one line per change (see change-summary.ts).
      hideDiffs: [...SUMMARIZED_PROPERTIES],
    });
    const restore = promiseStacksOff();
    try {
      super(dynamicType("WebchatSecurityPolicy"), name, props, options);
    } catch (error) {
      restore();
      restackError(error, WebchatSecurityPolicy);
      throw error;
    } finally {
      restore();
    }
  }
}
