import type * as pulumi from "@pulumi/pulumi";
import type { AuditEvent } from "../../audit/audit-log";
import {
  deliverEvent,
  publicTarget,
  type DeliveryOptions,
  type WebhookEventType,
} from "../../waf/deliver";
import { isWafUnreachable } from "../../errors/api-errors";
import { SecretUnavailableError } from "../../errors/state-errors";
import { isSecretRef } from "../../dynamic/secret-refs";
import { signingSecretProblem } from "../../waf/standard-webhooks";
import { checkResult } from "../../dynamic/failures";
import { ConfiguredHooks } from "../../dynamic/configured-hooks";
import type { ProviderContext } from "../../context/provider-context";
import { changedProperties } from "../../dynamic/properties";
import { failedStep } from "../../dynamic/failures";
import { splitProvider } from "../../dynamic/properties";
import { readStoredOutputs } from "../../dynamic/stored-state";
import { checkWebhookInputs } from "./check";
import { diffWebhook, REDELIVER_ON } from "./diff";
import {
  WEBHOOK_SCHEMA_VERSION,
  webhookInputsSchema,
  webhookOutputsSchema,
  type WafWebhookInputs,
  type WafWebhookOutputs,
} from "./inputs";

type Props = Record<string, unknown>;

/** How the webhook hooks reach the WAF; the defaults serve a provider process. */
export interface WebhookHooksOptions {
  /** Retries, timeout and transport of each delivery. @default the context's clock, defaults otherwise */
  readonly delivery?: DeliveryOptions;
}

/**
 * Whether a failed delivery is a removal that `destroy` may go past: the resource allows it,
 * and the WAF could not be reached (see {@link isWafUnreachable}).
 */
export function undeliveredRemoval(
  inputs: Pick<WafWebhookInputs, "allowUndeliveredRemoval">,
  action: AuditEvent["action"],
  error: unknown,
): boolean {
  return action === "delete" && inputs.allowUndeliveredRemoval === true && isWafUnreachable(error);
}

/**
 * The WafWebhook hooks: each create, and each update that changes the digest or the URL,
 * delivers a signed `webchat_security_policy_deployed` event; delete delivers
 * `webchat_security_policy_removed`. A failed delivery fails this resource only, and since the
 * state keeps the last delivered digest, the next `up` delivers again.
 */
export class WebhookHooks extends ConfiguredHooks implements pulumi.dynamic.ResourceProvider {
  private readonly delivery: DeliveryOptions;

  constructor(context: ProviderContext, options: WebhookHooksOptions = {}) {
    super(context);
    this.delivery = { clock: context.clock, ...options.delivery };
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    this.checkAuditDirectory();
    const checked = checkWebhookInputs(news);
    // The signing secret travels on as a reference (see dynamic/secret-refs.ts).
    const secret = checked.inputs.signingSecret;
    if (typeof secret === "string" && !isSecretRef(secret) && checked.failures.length === 0)
      checked.inputs.signingSecret = this.context.vault.remember(secret);
    return checkResult(checked);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces } = diffWebhook(olds, news);
    return { changes, replaces };
  }

  async create(news: Props): Promise<pulumi.dynamic.CreateResult> {
    const { rest, provider } = splitProvider(news);
    const inputs = webhookInputsSchema.parse(rest);
    const id = `${inputs.widgetId}@${publicTarget(inputs.url)}`;
    const outs = await this.deliver(inputs, "webchat_security_policy_deployed", "create", null, {
      id,
      provider,
    });
    return { id, outs };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const stored = storedWebhook(olds);
    const { rest, provider } = splitProvider(news);
    const inputs = webhookInputsSchema.parse(rest);
    if (changedProperties(stored, inputs, REDELIVER_ON).length === 0) {
      // Nothing to tell the WAF, but the change is recorded (allowUndeliveredRemoval, for one,
      // decides whether a later destroy may skip telling it), and anchors the state.
      const recorded = await this.begin(inputs, "update", stored.policyDigest)
        .changed(diffWebhook(stored, inputs).changed)
        .succeed(stored.policyDigest);
      return { outs: { ...webhookOutputs(inputs, stored), auditHash: recorded.anchor } };
    }
    return {
      outs: await this.deliver(
        inputs,
        "webchat_security_policy_deployed",
        "update",
        stored.policyDigest,
        { id, provider },
      ),
    };
  }

  /** Nothing to read remotely: the WAF is told, not asked. The state stands as it is. */
  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = storedWebhook(props);
    const {
      deliveryId: _d,
      deliveredAt: _a,
      responseStatus: _r,
      schemaVersion: _s,
      auditHash: _h,
      ...inputs
    } = stored;
    return { id, props: stored, inputs };
  }

  /**
   * Tells the WAF the policy was removed. When the WAF cannot be reached and the resource says
   * `allowUndeliveredRemoval`, the removal is recorded as undelivered and the destroy goes on,
   * so that the policy behind it is removed too (it is destroyed after this resource).
   */
  async delete(_id: string, props: Props): Promise<void> {
    const stored = storedWebhook(props);
    await this.deliver(
      stored,
      "webchat_security_policy_removed",
      "delete",
      stored.policyDigest,
      undefined,
    );
  }

  /** Begins the audit step of a hook, once the signing secret is in the redaction set. */
  private begin(
    inputs: Pick<WafWebhookInputs, "widgetId" | "signingSecret">,
    action: AuditEvent["action"],
    digestBefore: string | null,
  ) {
    this.context.vault.resolve(inputs.signingSecret);
    return this.step({ resource: "WafWebhook", widgetId: inputs.widgetId, action, digestBefore });
  }

  /**
   * The signing secret behind the webhook's reference: from this run's program, or, for a
   * destroy, from the stack config or the environment. Throws when none has it.
   */
  private signingSecret(inputs: Pick<WafWebhookInputs, "widgetId" | "signingSecret">): string {
    const secret = this.context.vault.resolve(inputs.signingSecret);
    if (secret === undefined || signingSecretProblem(secret) !== undefined)
      throw new SecretUnavailableError(
        `the signing secret of the WafWebhook for widget ${inputs.widgetId}`,
        "pulumi config set --secret wafSigningSecret <whsec_...> (where the program reads it), or an environment variable holding it",
      );
    return secret;
  }

  /**
   * Delivers one event and records it in the audit trail. A failure is thrown, except a removal
   * that {@link undeliveredRemoval} lets the destroy go past: that one is recorded as
   * undelivered, shown as a warning, and resolves to undefined. When the event was delivered but
   * the audit line could not be written, a create or update fails with the delivery kept (a
   * partial failure), so that the next up does not deliver it again as if it never happened.
   */
  private async deliver(
    inputs: WafWebhookInputs,
    type: WebhookEventType,
    action: "create" | "update",
    digestBefore: string | null,
    resource: { id: string; provider: unknown },
  ): Promise<WafWebhookOutputs>;
  private async deliver(
    inputs: WafWebhookInputs,
    type: WebhookEventType,
    action: "delete",
    digestBefore: string | null,
    resource: undefined,
  ): Promise<WafWebhookOutputs | undefined>;
  private async deliver(
    inputs: WafWebhookInputs,
    type: WebhookEventType,
    action: AuditEvent["action"],
    digestBefore: string | null,
    resource: { id: string; provider: unknown } | undefined,
  ): Promise<WafWebhookOutputs | undefined> {
    const signingSecret = this.signingSecret(inputs);
    const step = this.begin(inputs, action, digestBefore);
    const digestAfter = action === "delete" ? null : inputs.policyDigest;
    let outs: WafWebhookOutputs | undefined;
    try {
      const delivery = await deliverEvent(
        { url: inputs.url, secret: signingSecret },
        type,
        {
          tenant: inputs.tenant,
          widgetId: inputs.widgetId,
          policyDigest: inputs.policyDigest,
          rulesCount: inputs.rulesCount,
          corsOriginsCount: inputs.corsOriginsCount,
          timestamp: new Date(this.context.clock.now()).toISOString(),
          ...(inputs.policyAppliedAt === undefined
            ? {}
            : { policyAppliedAt: inputs.policyAppliedAt }),
          ...(inputs.metadata === undefined ? {} : { metadata: inputs.metadata }),
        },
        this.delivery,
      );
      step.add(delivery.deliveryId);
      outs = webhookOutputs(inputs, delivery);
      const recorded = await step.succeed(digestAfter);
      return { ...outs, auditHash: recorded.anchor };
    } catch (error) {
      if (outs === undefined && undeliveredRemoval(inputs, action, error)) {
        await step.succeed(null, "undelivered", error);
        this.warn(
          `warning: the WAF was not told that the policy of ${inputs.widgetId} was removed (${step.message(error)}); ` +
            "allowUndeliveredRemoval let the destroy go on, and the audit trail records the removal as undelivered",
        );
        return undefined;
      }
      const landed =
        outs === undefined || resource === undefined
          ? undefined
          : { what: "the event was delivered", ...resource, outs, digestAfter };
      throw await failedStep(step, error, landed);
    }
  }
}

/** The stored outputs: the inputs, and the last delivery (this one's, or the one kept). */
function webhookOutputs(
  inputs: WafWebhookInputs,
  delivery: Pick<WafWebhookOutputs, "deliveryId" | "deliveredAt" | "responseStatus">,
): WafWebhookOutputs {
  const { deliveryId, deliveredAt, responseStatus } = delivery;
  return {
    ...inputs,
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    deliveryId,
    deliveredAt,
    responseStatus,
  };
}

/** The stored outputs of a webhook; see {@link readStoredOutputs}. */
function storedWebhook(props: Props): WafWebhookOutputs {
  return readStoredOutputs("WafWebhook", webhookOutputsSchema, WEBHOOK_SCHEMA_VERSION, props);
}
