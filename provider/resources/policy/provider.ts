import type * as pulumi from "@pulumi/pulumi";
import type { AuditEvent } from "../../audit/audit-log";
import type { RecordedStep } from "../../audit/step-recorder";
import { isWidgetNotFoundError } from "../../errors/widget-not-found-error";
import { CxoneClient } from "../../cxone/client";
import {
  adoptionOf,
  heldBefore,
  MANAGED_BY_FIELD,
  managerOf,
  policyOf,
  type Widget,
  type WidgetSnapshot,
} from "../../cxone/widget";
import { isWidgetOwnershipError, WidgetOwnershipError } from "../../errors/widget-ownership-error";
import { describeClaim, ownership } from "../../policy/ownership";
import { checkResult } from "../shared/check-failures";
import { ConfiguredProvider, type ProviderDeps } from "../shared/configured-provider";
import { diffPolicy } from "./diff";
import { failedStep, type Landed } from "../shared/failed-step";
import { splitProvider } from "../shared/serialized-provider";
import { checkPolicyInputs } from "./check";
import {
  policyResourceInputsSchema,
  type WebchatSecurityPolicyInputs,
  type WebchatSecurityPolicyOutputs,
} from "./inputs";
import {
  digestOf,
  knownSnapshot,
  outputsAfterWrite,
  outputsFromLive,
  policyPart,
  upgradePolicyOutputs,
} from "./state";
import { effectiveBaseUrl, resolveCredentials, type StackConfig } from "../shared/stack-config";

type Props = Record<string, unknown>;

/** Everything the hooks depend on besides their arguments. */
export interface PolicyProviderDeps extends ProviderDeps {
  /** Builds the client; tests pass options such as a fake clock through here. */
  readonly makeClient: (
    credentials: ReturnType<typeof resolveCredentials>,
    settings: StackConfig,
  ) => CxoneClient;
  /**
   * Called after a create's write has landed: throws when its result can no longer be recorded
   * (the engine that asked for it is gone). The write is then undone before the create fails.
   * @default none
   */
  readonly confirmWrite?: () => Promise<void>;
}

/**
 * The dependencies of the real provider process.
 *
 * @param engine its `beforeWrite` is called as each write leaves (see
 *   `CxoneClientOptions.beforeWrite`), and again after a create's write as `confirmWrite`
 */
export function policyProviderDeps(engine?: { beforeWrite(): Promise<void> }): PolicyProviderDeps {
  const beforeWrite = engine?.beforeWrite;
  return {
    ...(beforeWrite === undefined ? {} : { confirmWrite: beforeWrite }),
    env: process.env,
    now: () => new Date(),
    makeClient: (credentials, settings) =>
      new CxoneClient({
        ...credentials,
        ...(settings.requestsPerSecond
          ? { rateLimit: { requestsPerSecond: settings.requestsPerSecond } }
          : {}),
        ...(settings.rateMode === undefined ? {} : { rateMode: settings.rateMode }),
        ...(beforeWrite === undefined ? {} : { beforeWrite }),
      }),
  };
}

/**
 * The WebchatSecurityPolicy hooks. `create` adopts the widget: it records the policy that was
 * there (in the state, and on the widget beside its claim), so that `delete` can give it back
 * (`pulumi import` is not available to dynamic providers). Every write changes the policy and
 * nothing else of the widget but the claim and that record.
 */
export class PolicyProvider
  extends ConfiguredProvider<PolicyProviderDeps>
  implements pulumi.dynamic.ResourceProvider
{
  constructor(deps: PolicyProviderDeps = policyProviderDeps()) {
    super(deps);
  }

  /**
   * Validation only, no network: every violation becomes a CheckFailure led by its path, and a
   * valid policy comes back with its digest and counts (see {@link policyFacts}).
   */
  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkResult(checkPolicyInputs(news));
  }

  /** Pure comparison of normalized values; see {@link diffPolicy}. */
  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const connection = news.connection as WebchatSecurityPolicyInputs["connection"];
    const oldBaseUrl = typeof olds.baseUrl === "string" ? olds.baseUrl : undefined;
    const result = diffPolicy(
      olds,
      news,
      oldBaseUrl,
      effectiveBaseUrl(connection, this.settings, this.deps.env),
    );
    return {
      changes: result.changes,
      replaces: result.replaces,
      deleteBeforeReplace: result.replaces.length > 0,
    };
  }

  async create(news: Props): Promise<pulumi.dynamic.CreateResult> {
    const { rest, provider } = splitProvider(news);
    const inputs = policyResourceInputsSchema.parse(rest);
    const step = this.begin(inputs, "create", null);
    const client = this.client(inputs);
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const found = await client.getWidget(inputs.widgetId);
      step.add(found.requestId);
      step.before(digestOf(heldBefore(found.widget, inputs.managedBy).securityPolicies));
      const write = await client.setSecurityPolicy(inputs.widgetId, policyPart(inputs), found, {
        ...claimOptions(inputs),
        adoption: "record",
      });
      step.add(...write.requestIds);
      if (write.after !== write.before) {
        try {
          await this.deps.confirmWrite?.();
        } catch (gone) {
          // Nobody can record this create: put the widget back as the write found it.
          const before = write.before.widget;
          const undo = await client.setSecurityPolicy(
            inputs.widgetId,
            policyOf(before),
            write.after,
            {
              guarded: false,
              managedBy: managerOf(before) ?? null,
              adoption: adoptionOf(before) ?? null,
            },
          );
          step.add(...undo.requestIds);
          throw gone;
        }
      }
      // What the widget held before this resource first wrote it, which may have been an earlier
      // create whose result the engine never recorded (see ADOPTED_FIELD).
      const held = heldBefore(write.before.widget, inputs.managedBy);
      outs = outputsAfterWrite(inputs, {
        after: write.after,
        baseUrl: this.baseUrl(inputs),
        now: this.deps.now(),
        previousPolicyJson:
          held.securityPolicies === undefined ? null : JSON.stringify(held.securityPolicies),
        previousManagedBy: held[MANAGED_BY_FIELD] ?? null,
      });
      await step.succeed(outs.policyDigest);
      return { id: inputs.widgetId, outs };
    } catch (error) {
      throw await failedStep(step, error, landed(inputs.widgetId, outs, provider));
    }
  }

  /** One PUT on the stored ETag in the common case; a re-read only after 412. */
  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const stored = upgradePolicyOutputs(olds);
    const { rest, provider } = splitProvider(news);
    const inputs = policyResourceInputsSchema.parse(rest);
    const step = this.begin(inputs, "update", stored.policyDigest);
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const write = await this.client(inputs).setSecurityPolicy(
        inputs.widgetId,
        policyPart(inputs),
        knownSnapshot(stored),
        claimOptions(inputs),
      );
      step.add(...write.requestIds);
      outs = outputsAfterWrite(
        inputs,
        {
          after: write.after,
          baseUrl: this.baseUrl(inputs),
          now: this.deps.now(),
          previousPolicyJson: stored.previousPolicyJson,
          previousManagedBy: stored.previousManagedBy ?? null,
        },
        stored,
      );
      await step.succeed(outs.policyDigest);
      return { outs };
    } catch (error) {
      throw await failedStep(step, error, landed(inputs.widgetId, outs, provider));
    }
  }

  /**
   * Reads the live policy, returning it as both outputs and inputs, so that `refresh` shows
   * real drift and nothing else. A widget that is gone takes the resource out of the state.
   */
  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = upgradePolicyOutputs(props);
    let snapshot: WidgetSnapshot;
    try {
      snapshot = await this.client(stored).getWidget(stored.widgetId);
    } catch (error) {
      if (isWidgetNotFoundError(error)) return {};
      throw error;
    }
    const live = outputsFromLive(stored, snapshot);
    return { id, props: live.props, inputs: live.inputs };
  }

  /**
   * Restores the adopted policy (and the claim the widget carried), or clears both, as
   * `onDelete` says. A widget already gone is done; so is one that another stack has since
   * taken over (see `takeOverFrom`): its policy is that stack's now, and stays.
   */
  async delete(_id: string, props: Props): Promise<void> {
    const stored = upgradePolicyOutputs(props);
    const previous: unknown =
      stored.previousPolicyJson === null ? undefined : JSON.parse(stored.previousPolicyJson);
    const restore = stored.onDelete === "restore";
    const target = restore ? previous : undefined;
    const step = this.begin(stored, "delete", stored.policyDigest);
    try {
      const write = await this.client(stored).setSecurityPolicy(
        stored.widgetId,
        target,
        knownSnapshot(stored),
        stored.managedBy === undefined
          ? {}
          : {
              ...claimOptions(stored),
              managedBy: restore ? (stored.previousManagedBy ?? null) : null,
              adoption: null,
            },
      );
      step.add(...write.requestIds);
    } catch (error) {
      if (isWidgetOwnershipError(error)) {
        // Another stack took the widget over: its policy stays, and the step says why.
        this.warn(
          `warning: the policy of ${stored.widgetId} was left as it is: ${describeClaim(error.owner)} manages it now`,
        );
        await step.succeed(null, "left", error);
        return;
      }
      if (!isWidgetNotFoundError(error)) throw await failedStep(step, error);
    }
    await step.succeed(digestOf(target));
  }

  private client(inputs: Pick<WebchatSecurityPolicyInputs, "connection">): CxoneClient {
    return this.deps.makeClient(
      resolveCredentials(inputs.connection, this.settings, this.deps.env),
      this.settings,
    );
  }

  private baseUrl(inputs: Pick<WebchatSecurityPolicyInputs, "connection">): string {
    return effectiveBaseUrl(inputs.connection, this.settings, this.deps.env) ?? "";
  }

  /** Begins the audit step of a hook; its messages are redacted of the client secrets. */
  private begin(
    inputs: Pick<WebchatSecurityPolicyInputs, "widgetId" | "connection">,
    action: AuditEvent["action"],
    digestBefore: string | null,
  ): RecordedStep {
    return this.step(
      { resource: "WebchatSecurityPolicy", widgetId: inputs.widgetId, action, digestBefore },
      [inputs.connection?.clientSecret, this.settings.clientSecret],
    );
  }
}

/**
 * The write options that put the resource's claim on the widget, and refuse the write when the
 * widget carries another's claim (checked on every version the write is based on, so that two
 * stacks racing through 412s cannot both win). State written before claims existed has none:
 * such a resource writes no claim and checks none until its next update.
 */
function claimOptions(
  inputs: Pick<WebchatSecurityPolicyInputs, "widgetId" | "managedBy" | "takeOverFrom">,
): { managedBy?: string; precondition?: (widget: Widget) => void } {
  const ours = inputs.managedBy;
  if (ours === undefined) return {};
  return {
    managedBy: ours,
    precondition: (widget) => {
      const found = managerOf(widget);
      if (found !== undefined && ownership(found, ours, inputs.takeOverFrom) === "another")
        throw new WidgetOwnershipError(inputs.widgetId, found, ours);
    },
  };
}

/** What landed, when the write did: the outputs a partial failure must keep. */
function landed(
  id: string,
  outs: WebchatSecurityPolicyOutputs | undefined,
  provider: unknown,
): Landed | undefined {
  return outs === undefined
    ? undefined
    : { what: "the policy was written", id, outs, provider, digestAfter: outs.policyDigest };
}
