import type * as pulumi from "@pulumi/pulumi";
import type { AuditEvent } from "../../audit/audit-log";
import type { RecordedStep } from "../../audit/step-recorder";
import type { CxoneClient, PolicyWrite } from "../../cxone/client";
import { clientFor } from "../../cxone/client-factory";
import type { WidgetSnapshot } from "../../cxone/widget";
import type { RecordedTenantUse, ResolvedConnection } from "../../config/connection";
import type { StackConfig } from "../../config/stack-config";
import { describeTenant, tenantRefOf, type TenantRef } from "../../config/tenant";
import { parseTenantSettings } from "../../config/tenant-settings";
import type { ProviderContext } from "../../context/provider-context";
import { ConfiguredHooks } from "../../dynamic/configured-hooks";
import { checkResult, failedStep, type Landed } from "../../dynamic/failures";
import { containsUnknown, splitProvider } from "../../dynamic/properties";
import { isCxoneWebchatError } from "../../errors/base-error";
import { RestoreRefusedError } from "../../errors/api-errors";
import { claimGuard, describeClaim, resourceOfClaim } from "../../policy/ownership";
import {
  adoptionGuard,
  adoptionPreviewLine,
  adoptionRecord,
  policyBeforeAdoption,
  refusedNullSettings,
  storedAdoption,
  releaseWrite,
  resumesLostCreate,
  undoWrite,
} from "./adoption";
import { summarizePolicyChange } from "./change-summary";
import { checkPolicyInputs, type CheckedTenant } from "./check";
import { diffPolicy, diffResponse, tenantOfProps } from "./diff";
import {
  policyResourceInputsSchema,
  type WebchatSecurityPolicyInputs,
  type WebchatSecurityPolicyOutputs,
} from "./inputs";
import { withSecretRefs } from "./secret-fields";
import {
  digestOf,
  knownSnapshot,
  outputsAfterWrite,
  outputsFromLive,
  policyPart,
  upgradePolicyOutputs,
} from "./state";

type Props = Record<string, unknown>;

/** How the policy hooks reach CXone; the defaults serve a provider process. */
export interface PolicyHooksOptions {
  /**
   * Builds a client on a resolved connection. @default a `CxoneClient` drawing on the context's
   * tenant services, at the stack config's rate, its writes stopped once the engine is gone
   */
  readonly makeClient?: (connection: ResolvedConnection, config: StackConfig) => CxoneClient;
}

/**
 * The WebchatSecurityPolicy hooks, each a short adapter: the rules are in `check.ts`,
 * `diff.ts`, `state.ts`, `adoption.ts` and `policy/ownership.ts`; which tenant and credentials
 * in `config/tenant-access.ts`; the requests in `cxone/client.ts`. `create` adopts the widget
 * (`pulumi import` is not available to dynamic providers): it records what the widget held, in
 * the state and on the widget beside its claim, so that `delete` can give it back.
 */
export class PolicyHooks extends ConfiguredHooks implements pulumi.dynamic.ResourceProvider {
  private readonly makeClient: (connection: ResolvedConnection, config: StackConfig) => CxoneClient;

  constructor(context: ProviderContext, options: PolicyHooksOptions = {}) {
    super(context);
    this.makeClient =
      options.makeClient ?? ((connection, config) => clientFor(context, connection, config));
  }

  /**
   * Validation only, no network: every violation becomes a CheckFailure led by its path, and a
   * valid policy comes back with its digest and counts (see `policyFacts`).
   */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    this.checkAuditDirectory();
    const checked = checkPolicyInputs(news, this.checkedTenant(news.connection));
    // An update (the engine passes the stored inputs): what the state held -> what is declared.
    if (checked.failures.length === 0 && Object.keys(olds).length > 0)
      this.summarize(olds, checked.inputs, news.managedBy, news.widgetId);
    // A create: with livePolicyDigest, whether it adopts the widget as it is, or replaces its policy.
    if (checked.failures.length === 0 && Object.keys(olds).length === 0)
      this.previewAdoption(checked.inputs);
    // The connection's secrets travel on as references (see dynamic/secret-refs.ts).
    const connection = checked.inputs.connection;
    if (typeof connection === "object" && connection !== null && !containsUnknown(connection))
      checked.inputs.connection = withSecretRefs(connection as Record<string, unknown>, (value) =>
        this.context.vault.remember(value),
      );
    return checkResult(checked);
  }

  /**
   * Pure comparison of normalized values (see `diffPolicy` and `diffResponse`). A move to
   * another tenant replaces the resource, deleting first on the tenant it was recorded on; that
   * needs the recorded tenant's credentials, so a move without them fails here, at preview,
   * with nothing written, instead of restoring the widget on the wrong tenant.
   */
  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const result = diffPolicy(olds, news);
    if (result.move !== undefined) {
      const { from, to } = result.move;
      const widgetId = String(olds.widgetId);
      this.tenants.recorded(from, olds.connection, {
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
    const client = this.makeClient(
      this.tenants.current(inputs.connection, inputs.widgetId),
      this.config,
    );
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const found = await client.getWidget(inputs.widgetId);
      step.add(found.requestId);
      step.before(digestOf(policyBeforeAdoption(found.widget, inputs.managedBy)));
      const write = await client.setSecurityPolicy(inputs.widgetId, policyPart(inputs), found, {
        ...adoptionGuard(inputs),
        adoption: "record",
      });
      step.add(...write.requestIds);
      if (write.after !== write.before)
        await this.confirmOrUndo(client, inputs.widgetId, write, step);
      outs = outputsAfterWrite(inputs, {
        after: write.after,
        now: new Date(this.context.clock.now()),
        ...adoptionRecord(write.before.widget, inputs.managedBy),
      });
      const recorded = await (resumesLostCreate(write, inputs.managedBy)
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
    let outs: WebchatSecurityPolicyOutputs | undefined;
    try {
      const client = this.clientOn(tenantOfProps(stored), inputs.connection, {
        widgetId: inputs.widgetId,
        next: "Updating it writes there.",
      });
      const write = await client.setSecurityPolicy(
        inputs.widgetId,
        policyPart(inputs),
        knownSnapshot(stored),
        claimGuard(inputs),
      );
      step.add(...write.requestIds);
      outs = outputsAfterWrite(
        inputs,
        {
          after: write.after,
          now: new Date(this.context.clock.now()),
          ...storedAdoption(stored),
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
    const client = this.clientOn(tenantOfProps(stored), stored.connection, {
      widgetId: stored.widgetId,
      next: "Refreshing it reads it there.",
    });
    let snapshot: WidgetSnapshot;
    try {
      snapshot = await client.getWidget(stored.widgetId);
    } catch (error) {
      if (isCxoneWebchatError(error, "widget-not-found")) return {};
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
   * `onDelete` says (see `releaseWrite`). A widget already gone is done; so is one that another
   * stack has since taken over (see `takeOverFrom`): its policy is that stack's now, and stays.
   */
  async delete(_id: string, props: Props): Promise<void> {
    const stored = upgradePolicyOutputs(props);
    const release = releaseWrite(stored);
    const restore = stored.onDelete === "restore";
    const step = this.begin(stored, "delete", stored.policyDigest);
    if (!restore && stored.previousPolicyJson !== null) step.discarded(stored.previousPolicyJson);
    try {
      const client = this.clientOn(tenantOfProps(stored), stored.connection, {
        widgetId: stored.widgetId,
        next: `Destroying it ${restore ? "restores" : "clears"} the widget's policy there.`,
      });
      const write = await this.release(client, stored, release, step);
      step.add(...write.requestIds);
    } catch (error) {
      if (isCxoneWebchatError(error, "widget-ownership")) {
        // Another stack took the widget over: its policy stays, and the step says why.
        this.warn(
          `warning: the policy of ${stored.widgetId} was left as it is: ${describeClaim(error.found)} manages it now`,
        );
        await step.succeed(null, "left", error);
        return;
      }
      if (
        restore &&
        release.policy !== undefined &&
        isCxoneWebchatError(error, "cxone-api") &&
        error.status === 422
      )
        throw await failedStep(step, new RestoreRefusedError(stored.widgetId, error));
      if (!isCxoneWebchatError(error, "widget-not-found")) throw await failedStep(step, error);
    }
    await step.succeed(digestOf(release.policy));
  }

  /**
   * Writes a release; when the tenant refuses only the `settings: null` it gives back, writes it
   * again with no `settings`, and the audit line keeps what the widget had and why it differs.
   */
  private async release(
    client: CxoneClient,
    stored: WebchatSecurityPolicyOutputs,
    release: ReturnType<typeof releaseWrite>,
    step: RecordedStep,
  ): Promise<PolicyWrite> {
    const write = (options: typeof release.options) =>
      client.setSecurityPolicy(stored.widgetId, release.policy, knownSnapshot(stored), {
        ...claimGuard(stored),
        ...options,
      });
    try {
      return await write(release.options);
    } catch (error) {
      if (!isCxoneWebchatError(error, "cxone-api") || !refusedNullSettings(release.options, error))
        throw error;
      step.add(error.requestId);
      step.note(
        `the widget had settings: null before adoption; the tenant refused it back (${error.message}), ` +
          "so it was given back with no settings",
        { originalSettingsJson: "null" },
      );
      return write({ ...release.options, settingsNull: false });
    }
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
      return tenantRefOf(this.tenants.current(connection, "").tenant);
    } catch (error) {
      if (!isCxoneWebchatError(error)) throw error;
      return { violations: [{ path: "connection settings", reason: error.message }] };
    }
  }

  /**
   * After a create's write landed: throws when its result can no longer be recorded (the engine
   * that asked for it is gone), having put the widget back as the write found it.
   */
  private async confirmOrUndo(
    client: CxoneClient,
    widgetId: string,
    write: Awaited<ReturnType<CxoneClient["setSecurityPolicy"]>>,
    step: RecordedStep,
  ): Promise<void> {
    try {
      await this.context.engine?.beforeWrite();
    } catch (gone) {
      const undo = undoWrite(write.before.widget);
      step.add(
        ...(await client.setSecurityPolicy(widgetId, undo.policy, write.after, undo.options))
          .requestIds,
      );
      throw gone;
    }
  }

  /**
   * Prints, before the engine shows the resource, one line per origin or rule that changed from
   * `held` (what the state held) to `now` (see `summarizePolicyChange`): the engine's display
   * hides these lists (see SUMMARIZED_PROPERTIES).
   */
  private summarize(held: unknown, now: unknown, managedBy: unknown, widgetId: unknown): void {
    const who = typeof managedBy === "string" ? resourceOfClaim(managedBy) : String(widgetId);
    for (const line of summarizePolicyChange(held, now)) this.warn(`${who}: ${line}`);
  }

  /**
   * Prints, at the preview of a create with `livePolicyDigest`, what its `up` does to the widget
   * (see `adoptionPreviewLine`); nothing while the policy is not known yet.
   */
  private previewAdoption(inputs: Props): void {
    const { livePolicyDigest, policyDigest, widgetId } = inputs;
    if (
      typeof livePolicyDigest !== "string" ||
      typeof policyDigest !== "string" ||
      typeof widgetId !== "string"
    )
      return;
    const who = typeof inputs.managedBy === "string" ? resourceOfClaim(inputs.managedBy) : widgetId;
    this.warn(`${who}: ${adoptionPreviewLine(widgetId, policyDigest, livePolicyDigest)}`);
  }

  /** A client on a resource's recorded tenant (see `TenantAccess.recorded`). */
  private clientOn(recorded: TenantRef, connection: unknown, use: RecordedTenantUse): CxoneClient {
    return this.makeClient(this.tenants.recorded(recorded, connection, use), this.config);
  }

  /** Begins the audit step of a hook, once the resource's own secrets are in the redaction set. */
  private begin(
    inputs: Pick<WebchatSecurityPolicyInputs, "widgetId" | "connection">,
    action: AuditEvent["action"],
    digestBefore: string | null,
  ): RecordedStep {
    this.tenants.learnSecrets(inputs.connection);
    return this.step({
      resource: "WebchatSecurityPolicy",
      widgetId: inputs.widgetId,
      action,
      digestBefore,
    });
  }
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
