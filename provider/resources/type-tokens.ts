/**
 * The type tokens the engine records for this package's resources: what a policy pack, a
 * `pulumi stack export` reader or a transformation matches them by. `@pulumi/pulumi`'s dynamic
 * `Resource` builds each from the module and type name the resource class passes
 * (`pulumi-nodejs:dynamic/<module>:<type>`); `test/resources/resource-classes.spec.ts` holds the
 * classes to these values.
 *
 * Fixed: state written by every version of the package has them, so a change would make the
 * engine replace every resource of every stack.
 */

/** The type token of a `WebchatSecurityPolicy`. */
export const WEBCHAT_SECURITY_POLICY_TYPE = "pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy";

/** The type token of a `WafWebhook`. */
export const WAF_WEBHOOK_TYPE = "pulumi-nodejs:dynamic/cxone:WafWebhook";
