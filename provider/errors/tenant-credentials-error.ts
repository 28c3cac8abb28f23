import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/**
 * A resource recorded on one tenant must be acted on there (its policy restored or read), and no
 * credentials for that tenant are configured: typically after `cxone:baseUrl` was pointed at
 * another tenant. Thrown before anything is written.
 */
export class TenantCredentialsError extends CxoneWebchatError {
  readonly kind = "TenantCredentialsError";
  readonly family = "config";

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

/** True for a {@link TenantCredentialsError}, from any copy of this module. */
export function isTenantCredentialsError(error: unknown): error is TenantCredentialsError {
  return isCxoneWebchatError(error) && error.kind === "TenantCredentialsError";
}
