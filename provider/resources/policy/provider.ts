import type * as pulumi from "@pulumi/pulumi";
import { recordStep, type AuditEvent } from "../../audit/audit-log";
import { isWidgetNotFoundError } from "../../errors/widget-not-found-error";
import { CxoneClient } from "../../cxone/client";
import { managerOf, policyOf, type Widget, type WidgetSnapshot } from "../../cxone/widget";
import { isWidgetOwnershipError, WidgetOwnershipError } from "../../errors/widget-ownership-error";
import { redact } from "../../errors/redact";
import { describeClaim, ownership } from "../../policy/ownership";
import { checkFailures } from "../shared/check-failures";
import { PartialFailure } from "../../errors/partial-failure";
import { diffPolicy } from "./diff";
import { splitProvider, withProvider } from "../shared/serialized-provider";
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
import {
  auditDirectory,
  effectiveBaseUrl,
  resolveCredentials,
  readStackConfig,
  type StackConfig,
} from "../shared/stack-config";

type Props = Record<string, unknown>;

/** Everything the hooks depend on besides their arguments. */
export interface PolicyProviderDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
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
  /**
   * Shows a warning to the user. The provider's stderr reaches the CLI's output.
   * @default console.error
   */
  readonly warn?: (message: string) => void;
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
        ...(beforeWrite === undefined ? {} : { beforeWrite }),
      }),
  };
}

/**
 * The WebchatSecurityPolicy hooks. `create` adopts the widget: it records the policy that was
 * there, so that `delete` can give it back (`pulumi import` is not available to dynamic
 * providers). Every write changes the policy and nothing else of the widget.
 */
export class PolicyProvider implements pulumi.dynamic.ResourceProvider {
  private settings: StackConfig = {};

  constructor(private readonly deps: PolicyProviderDeps = policyProviderDeps()) {}

  /** Reads `cxone:*` stack config. Called once per process by the dynamic-provider host. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.settings = readStackConfig(req.config);
  }

  /**
   * Validation only, no network: every violation becomes a CheckFailure led by its path, and a
   * valid policy comes back with its digest and counts (see {@link policyFacts}).
   */
  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkPolicyInputs(news);
    return { inputs, failures: checkFailures(failures) };
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
    const inputs = policyResourceInputsSchema.parse(splitProvider(news).rest);
    const policy = policyPart(inputs);
    const started = Date.now();
    const requestIds: string[] = [];
    const client = this.client(inputs);
    let digestBefore: string | null = null;
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const found = await client.getWidget(inputs.widgetId);
      if (found.requestId) requestIds.push(found.requestId);
      const previousPolicy = policyOf(found.widget);
      const previousManagedBy = managerOf(found.widget) ?? null;
      digestBefore = digestOf(previousPolicy);
      const write = await client.setSecurityPolicy(inputs.widgetId, policy, found, {
        ...claimOptions(inputs),
      });
      requestIds.push(...write.requestIds);
      if (write.after !== write.before) {
        try {
          await this.deps.confirmWrite?.();
        } catch (gone) {
          // Nobody can record this create, and the next up would adopt the policy written here
          // as the widget's own, so that destroy could never give the widget back. Undo it.
          const undo = await client.setSecurityPolicy(
            inputs.widgetId,
            previousPolicy,
            write.after,
            { guarded: false, managedBy: previousManagedBy },
          );
          requestIds.push(...undo.requestIds);
          throw gone;
        }
      }
      const previousPolicyJson =
        previousPolicy === undefined ? null : JSON.stringify(previousPolicy);
      outs = outputsAfterWrite(inputs, {
        after: write.after,
        baseUrl: this.baseUrl(inputs),
        now: this.deps.now(),
        previousPolicyJson,
        previousManagedBy,
      });
      await this.audit(inputs, "create", digestBefore, outs.policyDigest, started, requestIds);
      return { id: inputs.widgetId, outs };
    } catch (error) {
      throw await this.failed(
        error,
        inputs,
        "create",
        digestBefore,
        outs,
        started,
        requestIds,
        splitProvider(news).provider,
      );
    }
  }

  /** One PUT on the stored ETag in the common case; a re-read only after 412. */
  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const stored = upgradePolicyOutputs(olds);
    const inputs = policyResourceInputsSchema.parse(splitProvider(news).rest);
    const started = Date.now();
    const requestIds: string[] = [];
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const write = await this.client(inputs).setSecurityPolicy(
        inputs.widgetId,
        policyPart(inputs),
        knownSnapshot(stored),
        claimOptions(inputs),
      );
      requestIds.push(...write.requestIds);
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
      await this.audit(
        inputs,
        "update",
        stored.policyDigest,
        outs.policyDigest,
        started,
        requestIds,
      );
      return { outs };
    } catch (error) {
      throw await this.failed(
        error,
        inputs,
        "update",
        stored.policyDigest,
        outs,
        started,
        requestIds,
        splitProvider(news).provider,
      );
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
    const started = Date.now();
    const requestIds: string[] = [];
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
            },
      );
      requestIds.push(...write.requestIds);
    } catch (error) {
      if (isWidgetOwnershipError(error)) {
        (this.deps.warn ?? console.error)(
          `warning: the policy of ${stored.widgetId} was left as it is: ${describeClaim(error.owner)} manages it now`,
        );
      } else if (!isWidgetNotFoundError(error)) {
        throw await this.failed(
          error,
          stored,
          "delete",
          stored.policyDigest,
          undefined,
          started,
          requestIds,
          undefined,
        );
      }
    }
    await this.audit(stored, "delete", stored.policyDigest, digestOf(target), started, requestIds);
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

  private async audit(
    inputs: Pick<WebchatSecurityPolicyInputs, "widgetId">,
    action: AuditEvent["action"],
    digestBefore: string | null,
    digestAfter: string | null,
    started: number,
    requestIds: string[],
    error?: string,
  ): Promise<void> {
    await recordStep(
      auditDirectory(this.settings, this.deps.env),
      {
        resource: "WebchatSecurityPolicy",
        widgetId: inputs.widgetId,
        action,
        digestBefore,
        digestAfter,
        requestIds,
      },
      started,
      error,
      this.deps.now,
    );
  }

  /**
   * Records a failure in the audit trail and returns the error to throw. When the write had
   * landed (`outs` is set), the error is a {@link PartialFailure}, so that Pulumi keeps the new
   * state instead of orphaning the change.
   */
  private async failed(
    error: unknown,
    inputs: Pick<WebchatSecurityPolicyInputs, "widgetId" | "connection">,
    action: AuditEvent["action"],
    digestBefore: string | null,
    outs: WebchatSecurityPolicyOutputs | undefined,
    started: number,
    requestIds: string[],
    provider: unknown,
  ): Promise<unknown> {
    const secrets = [inputs.connection?.clientSecret, this.settings.clientSecret];
    const message = redact(error instanceof Error ? error.message : String(error), secrets);
    try {
      await this.audit(
        inputs,
        action,
        digestBefore,
        outs?.policyDigest ?? null,
        started,
        requestIds,
        message,
      );
    } catch (auditError) {
      if (outs === undefined) return error;
      const reason = redact(String(auditError), secrets);
      return new PartialFailure(
        `the policy was written, but recording it in the audit trail failed: ${reason}`,
        inputs.widgetId,
        withProvider(outs, provider),
        [reason],
      );
    }
    if (outs !== undefined) {
      return new PartialFailure(
        `the policy was written, but a later step failed: ${message}`,
        inputs.widgetId,
        withProvider(outs, provider),
        [message],
      );
    }
    return error;
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
