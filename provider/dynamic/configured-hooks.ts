import type * as pulumi from "@pulumi/pulumi";
import { sinkProblem } from "../audit/audit-sinks";
import type { AuditTrail } from "../audit/audit-trail";
import { RecordedStep, type StepStart } from "../audit/step-recorder";
import { auditSettings, readStackConfig, type StackConfig } from "../config/stack-config";
import { isCxoneWebchatError } from "../errors/base-error";
import { InvalidSettingError } from "../errors/input-errors";
import { stackConfigValues } from "./secret-refs";
import { TenantAccess } from "../config/tenant-access";
import type { ProviderContext } from "../context/provider-context";

/**
 * What both resources' providers share: the process's context, the `cxone:*` stack config read
 * in `configure`, the tenant access built on it, the audit step each hook records, and warnings.
 */
export abstract class ConfiguredHooks {
  private configured: StackConfig | Error = {};
  private access: TenantAccess | undefined;
  private auditChecked: string | undefined;

  constructor(protected readonly context: ProviderContext) {}

  /**
   * Reads `cxone:*` stack config, once per process. A setting that cannot be used is kept, not
   * thrown: the SDK's host calls `configure` from inside the first hook, prints a stack trace of
   * whatever it throws, and never calls it again. Every hook throws it instead, as one line.
   */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.context.vault.useConfigValues(stackConfigValues(req.config));
    this.access = undefined;
    try {
      this.configured = readStackConfig(req.config);
    } catch (error) {
      if (!isCxoneWebchatError(error)) throw error;
      this.configured = error;
      return;
    }
    await this.catchUpAudit(this.configured);
  }

  /**
   * Writes the audit lines this machine's spool holds, once per process, before the first hook:
   * `configure` is the one call every command makes (a preview or a no-op up calls only check
   * and diff, a refresh only read). Never throws: lines that cannot be written stay spooled,
   * with a warning; a setting that cannot be used is thrown by the hooks, as one line.
   */
  private async catchUpAudit(config: StackConfig): Promise<void> {
    const { env, redaction } = this.context;
    let trail: AuditTrail;
    try {
      const audit = auditSettings(config, env);
      redaction.add(audit.key, env.AWS_SECRET_ACCESS_KEY);
      trail = this.context.audit.open(audit);
    } catch (error) {
      if (isCxoneWebchatError(error)) return;
      throw error;
    }
    await trail.catchUp((message) => this.warn(redaction.apply(message)));
  }

  /** The stack config; throws the problem `configure` met, if any. */
  protected get config(): StackConfig {
    if (this.configured instanceof Error) throw this.configured;
    return this.configured;
  }

  /** Which tenant a hook acts on and with which credentials, on the stack config. */
  protected get tenants(): TenantAccess {
    this.access ??= new TenantAccess(
      this.config,
      this.context.env,
      this.context.vault,
      this.context.redaction,
    );
    return this.access;
  }

  /**
   * Throws when the audit sink cannot take lines (see `sinkProblem`), naming where it was set;
   * checked once per process, by `check`, so that `preview` already says so and `up` never starts
   * without it.
   */
  protected checkAuditDirectory(): void {
    const audit = auditSettings(this.config, this.context.env);
    if (this.auditChecked === audit.location) return;
    // A directory, and an s3:// sink's SDK; the bucket is only reached when a line is written
    // or the spool flushed, with the spool behind it.
    const problem = sinkProblem(audit.location);
    if (problem !== undefined)
      throw new InvalidSettingError(
        audit.source === "default" ? "the default audit directory" : audit.source,
        audit.location,
        problem,
      );
    this.auditChecked = audit.location;
  }

  /** Begins a hook's audit step; its messages are redacted of the process's secrets. */
  protected step(start: StepStart): RecordedStep {
    const { env, redaction, clock } = this.context;
    const audit = auditSettings(this.config, env);
    // The audit key, and the S3 secret of an s3:// sink should a message ever carry it.
    redaction.add(audit.key, env.AWS_SECRET_ACCESS_KEY);
    return new RecordedStep(
      {
        trail: this.context.audit.open(audit),
        clock,
        redaction,
        warn: (message) => this.warn(message),
      },
      start,
    );
  }

  protected warn(message: string): void {
    this.context.warn(message);
  }
}
