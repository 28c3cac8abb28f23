import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { guardedArgs, promiseStacksOff, restackError } from "../../dynamic/resource-args";
import { PROVIDER_KEY } from "../../dynamic/properties";
import { dynamicType, serializedProvider } from "../../providers/serialized-provider";
import type { SameKeys } from "../../dynamic/resource-args";
import type { webhookInputsSchema } from "./inputs";
import type { WebchatSecurityPolicy } from "../policy/webchat-security-policy";

/** The arguments of {@link WafWebhook}. */
export interface WafWebhookArgs {
  /** Where to deliver; https, or http on loopback only. */
  url: pulumi.Input<string>;
  /** Standard Webhooks secret, `whsec_<base64>`. Pass a secret. */
  signingSecret: pulumi.Input<string>;
  widgetId: pulumi.Input<string>;
  /** Normally a policy resource's `policyDigest`. */
  policyDigest: pulumi.Input<string>;
  /** @default "default" */
  tenant?: pulumi.Input<string>;
  /** @default 0 */
  rulesCount?: pulumi.Input<number>;
  /** @default 0 */
  corsOriginsCount?: pulumi.Input<number>;
  /** Extra strings passed to the WAF with every event. */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Let `destroy` go on when the removal event cannot reach the WAF (no connection, a timeout,
   * or 429 or 5xx after every retry). The removal is then recorded in the audit trail as
   * `undelivered`, and the CLI shows a warning; tell the WAF team. A WAF that answers with
   * another 4xx still fails the destroy. Changing it delivers nothing.
   * @default false
   */
  allowUndeliveredRemoval?: pulumi.Input<boolean>;
  /**
   * Normally a policy resource's `appliedAt`. It makes each deployment's webhook-id its own, so
   * that deploying an earlier policy again (a rollback) reaches the WAF instead of being dropped
   * as a repeat, while a console edit of the widget's other fields leaves it, and so the id of a
   * delivery still to be retried, as it was. Its change alone delivers nothing.
   * {@link WafWebhook.forPolicy} sets it.
   */
  policyAppliedAt?: pulumi.Input<string>;
}

// The arguments are the schema's, key for key.
const argsMatchSchema: SameKeys<WafWebhookArgs, z.input<typeof webhookInputsSchema>> = true;
void argsMatchSchema;

/**
 * Tells an external WAF which policy is live: a signed Standard Webhooks event on create, on
 * every change of digest or URL, and on delete. The webhook-id is stable per (widget, digest,
 * time the policy was applied): a retry is dropped by the receiver as a repeat, a rollback is not.
 */
export class WafWebhook extends pulumi.CustomResource {
  declare readonly url: pulumi.Output<string>;
  declare readonly widgetId: pulumi.Output<string>;
  declare readonly policyDigest: pulumi.Output<string>;
  declare readonly tenant: pulumi.Output<string>;
  /** The webhook-id of the last delivery. */
  declare readonly deliveryId: pulumi.Output<string>;
  declare readonly deliveredAt: pulumi.Output<string>;
  declare readonly responseStatus: pulumi.Output<number>;
  declare readonly schemaVersion: pulumi.Output<number>;

  constructor(name: string, args: WafWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      // The signing secret is a secret whatever the program passed.
      ...guardedArgs(`WafWebhook "${name}"`, args, ["signingSecret"]),
      // The outputs, so that the SDK gives this object an Output for each.
      deliveryId: undefined,
      deliveredAt: undefined,
      responseStatus: undefined,
      schemaVersion: undefined,
      // How the provider process loads this package (see serialized-provider.ts).
      [PROVIDER_KEY]: serializedProvider("WafWebhook"),
    };
    const options = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["signingSecret"] });
    const restore = promiseStacksOff();
    try {
      super(dynamicType("WafWebhook"), name, props, options);
    } catch (error) {
      restore();
      restackError(error, WafWebhook);
      throw error;
    } finally {
      restore();
    }
  }

  /** A webhook fed by a policy resource's outputs, created after it. */
  static forPolicy(
    name: string,
    policy: WebchatSecurityPolicy,
    args: Pick<
      WafWebhookArgs,
      "url" | "signingSecret" | "tenant" | "metadata" | "allowUndeliveredRemoval"
    >,
    opts?: pulumi.CustomResourceOptions,
  ): WafWebhook {
    return new WafWebhook(
      name,
      {
        ...args,
        widgetId: policy.widgetId,
        policyDigest: policy.policyDigest,
        policyAppliedAt: policy.appliedAt,
        rulesCount: policy.rulesCount,
        corsOriginsCount: policy.corsOriginsCount,
      },
      pulumi.mergeOptions(opts, { dependsOn: [policy] }),
    );
  }
}
