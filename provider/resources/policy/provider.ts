import type * as pulumi from "@pulumi/pulumi";
import type { AuditEvent } from "../../audit/audit-log";
import type { RecordedStep } from "../../audit/step-recorder";
import { isWidgetNotFoundError } from "../../errors/widget-not-found-error";
import { CxoneClient } from "../../cxone/client";
import { TenantServices } from "../../cxone/tenant-services";
import { isCxoneApiError } from "../../errors/cxone-api-error";
import { isCxoneWebchatError } from "../../errors/base-error";
import { RestoreRefusedError } from "../../errors/restore-refused-error";
import {
  connectionFor,
  connectionSecretHint,
  resolveConnection,
  settingSecrets,
  type RecordedTenantUse,
  type ResolvedConnection,
} from "../../config/connection";
import type { StackConfig } from "../../config/stack-config";
import { describeTenant, tenantRefOf, type TenantRef } from "../../config/tenant";
import { parseTenantSettings, type TenantSettings } from "../../config/tenant-settings";
import { isSecretRef } from "../../dynamic/secret-refs";
import { SecretUnavailableError } from "../../errors/secret-unavailable-error";
import { withSecretRefs } from "./secret-fields";
import {
  adoptedPolicy,
  heldBefore,
  MANAGED_BY_FIELD,
  type WidgetDocument,
  type WidgetSnapshot,
} from "../../cxone/widget";
import { isWidgetOwnershipError, WidgetOwnershipError } from "../../errors/widget-ownership-error";
import {
  describeClaim,
  ownership,
  ownershipConflict,
  resourceOfClaim,
} from "../../policy/ownership";
import { checkResult } from "../../dynamic/failures";
import { ConfiguredProvider, type ProviderDeps } from "../../dynamic/configured-provider";
import { diffPolicy, diffResponse, tenantOfProps } from "./diff";
import { summarizePolicyChange } from "./change-summary";
import { failedStep, type Landed } from "../../dynamic/failures";
import { splitProvider } from "../../dynamic/properties";
import { checkPolicyInputs, type CheckedTenant } from "./check";
import { containsUnknown } from "../../dynamic/properties";
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

type Props = Record<string, unknown>;

/** Everything the hooks depend on besides their arguments. */
export interface PolicyProviderDeps extends ProviderDeps {
  /** Builds the client; tests pass options such as a fake clock through here. */
  readonly makeClient: (connection: ResolvedConnection, config: StackConfig) => CxoneClient;
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
  // Every client of the process shares each tenant's pacing, tokens and discovered endpoints.
  const services = new TenantServices();
  return {
    ...(beforeWrite === undefined ? {} : { confirmWrite: beforeWrite }),
    env: process.env,
    now: () => new Date(),
    makeClient: (connection, config) =>
      new CxoneClient({
        ...connection,
        services,
        ...(config.requestsPerSecond
          ? { rateLimit: { requestsPerSecond: config.requestsPerSecond } }
          : {}),
        ...(config.pacingMode === undefined ? {} : { pacingMode: config.pacingMode }),
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
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    this.checkAuditDirectory();
    const checked = checkPolicyInputs(news, this.checkedTenant(news.connection));
    // An update (the engine passes the stored inputs): what the state held -> what is declared.
    if (checked.failures.length === 0 && Object.keys(olds).length > 0)
      this.summarize(olds, checked.inputs, news.managedBy, news.widgetId);
    // The connection's secrets travel on as references (see dynamic/secret-refs.ts).
    const connection = checked.inputs.connection;
    if (typeof connection === "object" && connection !== null && !containsUnknown(connection))
      checked.inputs.connection = withSecretRefs(connection as Record<string, unknown>, (value) =>
        this.vault.remember(value),
      );
    return checkResult(checked);
  }

  /**
   * The tenant the settings name for a resource with this `connection` argument, resolved as
   * `create` would, so that preview already fails on a missing or unusable setting.
   */
  private checkedTenant(connection: unknown): CheckedTenant {
    if (containsUnknown(connection)) return "unknown";
    const parsed = connection === undefined ? undefined : parseTenantSettings(connection);
    // A connection that breaks its own rules is reported by its schema.
    if (parsed !== undefined && !parsed.ok) return "unknown";
    try {
      return tenantRefOf(resolveConnection(parsed?.settings, this.config, this.deps.env).tenant);
    } catch (error) {
      if (!isCxoneWebchatError(error)) throw error;
      return { violations: [{ path: "connection settings", reason: error.message }] };
    }
  }

  /**
   * Pure comparison of normalized values (see {@link diffPolicy} and {@link diffResponse}). A
   * move to another tenant replaces the resource, deleting first on the tenant it was recorded
   * on; that needs the recorded tenant's credentials, so a move without them fails here, at
   * preview, with nothing written, instead of restoring the widget on the wrong tenant.
   */
  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const result = diffPolicy(olds, news);
    if (result.move !== undefined) {
      const { from, to } = result.move;
      const widgetId = String(olds.widgetId);
      this.connection(from, olds.connection, {
        widgetId,
        next:
          `Moving it to ${describeTenant(to)} first restores widget ${widgetId} on ${describeTenant(from)} (onDelete). ` +
          `To leave ${widgetId} on ${describeTenant(from)} as it is instead (it keeps this stack's policy and claim), ` +
          "remove this resource from the state with pulumi state delete <its URN> (pulumi stack --show-urns lists it), then run pulumi up.",
      });
      this.warn(
        `warning: the policy of widget ${widgetId} moves from ${describeTenant(from)} to ${describeTenant(to)}: ` +
          `up restores the widget on ${describeTenant(from)}, then writes the policy on ${describeTenant(to)}`,
      );
    }
    // No change summary here: a refresh calls diff too, with the live policy as the old side.
    return diffResponse(result);
  }

  async create(news: Props): Promise<pulumi.dynamic.CreateResult> {
    const { rest, provider } = splitProvider(news);
    const inputs = policyResourceInputsSchema.parse(rest);
    const step = this.begin(inputs, "create", null);
    const connection = resolveConnection(
      this.settingsOf(inputs.connection, inputs.widgetId),
      this.config,
      this.deps.env,
    );
    const client = this.deps.makeClient(connection, this.config);
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const found = await client.getWidget(inputs.widgetId);
      step.add(found.requestId);
      step.before(digestOf(adoptedPolicy(heldBefore(found.widget, inputs.managedBy))));
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
            before.holding.securityPolicies,
            write.after,
            {
              guarded: false,
              managedBy: before.manager ?? null,
              adoption: before.adoption ?? null,
              layout: before.holding.settingsKeys ?? null,
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
        now: this.deps.now(),
        previousPolicyJson:
          "securityPolicies" in held ? JSON.stringify(held.securityPolicies) : null,
        previousManagedBy: held[MANAGED_BY_FIELD] ?? null,
        previousSettingsKeys: held.settingsKeys,
      });
      // Nothing to write, and the widget carries this resource's claim and adoption record: an
      // earlier create landed whose result never reached the state. Its line stands for both.
      const resumed =
        write.after === write.before &&
        inputs.managedBy !== undefined &&
        write.before.widget.manager === inputs.managedBy &&
        write.before.widget.adoption !== undefined;
      const recorded = await (resumed
        ? step.succeedUnlessRecorded(outs.policyDigest)
        : step.succeed(outs.policyDigest));
      return { id: inputs.widgetId, outs: { ...outs, auditHash: recorded.anchor } };
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
    const tenant = tenantOfProps(stored);
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const client = this.clientFor(tenant, inputs.connection, {
        widgetId: inputs.widgetId,
        next: "Updating it writes there.",
      });
      const write = await client.setSecurityPolicy(
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
          now: this.deps.now(),
          previousPolicyJson: stored.previousPolicyJson,
          previousManagedBy: stored.previousManagedBy ?? null,
          previousSettingsKeys: stored.previousSettingsKeys,
        },
        stored,
      );
      const recorded = await step.succeed(outs.policyDigest);
      return { outs: { ...outs, auditHash: recorded.anchor } };
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
    const client = this.clientFor(tenantOfProps(stored), stored.connection, {
      widgetId: stored.widgetId,
      next: "Refreshing it reads it there.",
    });
    let snapshot: WidgetSnapshot;
    try {
      snapshot = await client.getWidget(stored.widgetId);
    } catch (error) {
      if (isWidgetNotFoundError(error)) return {};
      throw error;
    }
    const live = outputsFromLive(stored, snapshot);
    // What the state held -> what is live; a policy the model refuses is shown as found.
    const drifted = live.props.driftedPolicyJson;
    const now: unknown = typeof drifted === "string" ? JSON.parse(drifted) : live.props;
    this.summarize(stored, now, stored.managedBy, stored.widgetId);
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
    if (!restore && stored.previousPolicyJson !== null) step.discarded(stored.previousPolicyJson);
    try {
      const client = this.clientFor(tenantOfProps(stored), stored.connection, {
        widgetId: stored.widgetId,
        next: `Destroying it ${restore ? "restores" : "clears"} the widget's policy there.`,
      });
      const write = await client.setSecurityPolicy(stored.widgetId, target, knownSnapshot(stored), {
        ...(stored.managedBy === undefined
          ? {}
          : {
              ...claimOptions(stored),
              managedBy: restore ? (stored.previousManagedBy ?? null) : null,
              adoption: null,
            }),
        ...(stored.previousSettingsKeys === undefined
          ? {}
          : { layout: stored.previousSettingsKeys }),
      });
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
      if (restore && target !== undefined && isCxoneApiError(error) && error.status === 422)
        throw await failedStep(step, new RestoreRefusedError(stored.widgetId, error));
      if (!isWidgetNotFoundError(error)) throw await failedStep(step, error);
    }
    await step.succeed(digestOf(target));
  }

  /**
   * Prints, before the engine shows the resource, one line per origin or rule that changed from
   * `held` (what the state held) to `now` (see {@link summarizePolicyChange}): the engine's
   * display hides these lists (see SUMMARIZED_PROPERTIES).
   */
  private summarize(held: unknown, now: unknown, managedBy: unknown, widgetId: unknown): void {
    const who = resourceName(managedBy) ?? String(widgetId);
    for (const line of summarizePolicyChange(held, now)) this.warn(`${who}: ${line}`);
  }

  /** The connection to a resource's recorded tenant (see `connectionFor`). */
  private connection(
    recorded: TenantRef,
    connection: unknown,
    use: RecordedTenantUse,
  ): ResolvedConnection {
    return connectionFor(
      recorded,
      this.settingsOf(connection, use.widgetId),
      this.config,
      this.deps.env,
      use,
    );
  }

  /**
   * A resource's `connection` argument with the values behind its secret references. Throws
   * {@link SecretUnavailableError} when one cannot be found.
   */
  private settingsOf(connection: unknown, widgetId: string): TenantSettings | undefined {
    if (typeof connection !== "object" || connection === null) return undefined;
    const resolved: Record<string, unknown> = { ...connection };
    for (const [key, value] of Object.entries(resolved)) {
      if (!isSecretRef(value)) continue;
      const secret = this.vault.resolve(value);
      if (secret === undefined)
        throw new SecretUnavailableError(
          `connection.${key} of the policy of widget ${widgetId}`,
          connectionSecretHint(key),
        );
      resolved[key] = secret;
    }
    const parsed = parseTenantSettings(resolved);
    return parsed.ok ? parsed.settings : undefined;
  }

  /** The secrets of a connection whose references can be resolved, for redaction. */
  private secretsOf(connection: unknown): string[] {
    const secrets: string[] = [];
    if (typeof connection === "object" && connection !== null)
      for (const value of Object.values(connection))
        if (isSecretRef(value)) {
          const secret = this.vault.resolve(value);
          if (secret !== undefined) secrets.push(secret);
        }
    return secrets;
  }

  /** A client on a resource's recorded tenant. */
  private clientFor(recorded: TenantRef, connection: unknown, use: RecordedTenantUse): CxoneClient {
    return this.deps.makeClient(this.connection(recorded, connection, use), this.config);
  }

  /** Begins the audit step of a hook; its messages are redacted of the client secrets. */
  private begin(
    inputs: Pick<WebchatSecurityPolicyInputs, "widgetId" | "connection">,
    action: AuditEvent["action"],
    digestBefore: string | null,
  ): RecordedStep {
    return this.step(
      { resource: "WebchatSecurityPolicy", widgetId: inputs.widgetId, action, digestBefore },
      [
        ...settingSecrets(undefined, this.config, this.deps.env),
        ...this.secretsOf(inputs.connection),
      ],
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
): { managedBy?: string; precondition?: (widget: WidgetDocument) => void } {
  const ours = inputs.managedBy;
  if (ours === undefined) return {};
  return {
    managedBy: ours,
    precondition: (widget) => {
      const found = widget.manager;
      if (found !== undefined && ownership(found, ours, inputs.takeOverFrom) === "another")
        throw new WidgetOwnershipError(
          inputs.widgetId,
          found,
          ours,
          ownershipConflict(inputs.widgetId, found, ours),
        );
    },
  };
}

/** The resource name in a claim, for messages; undefined when there is no claim. */
function resourceName(claim: unknown): string | undefined {
  return typeof claim === "string" ? resourceOfClaim(claim) : undefined;
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
