import type * as pulumi from "@pulumi/pulumi";
import { sinkProblem } from "../audit/audit-sinks";
import { openAuditTrail, type AuditTrail } from "../audit/audit-trail";
import { RecordedStep, type StepStart } from "../audit/step-recorder";
import { auditSettings, readStackConfig, type StackConfig } from "../config/stack-config";
import { isCxoneWebchatError } from "../errors/base-error";
import { InvalidSettingError } from "../errors/invalid-setting-error";
import { redact } from "../errors/redact";
import { SecretVault, stackConfigValues } from "./secret-refs";

/** What every provider's hooks depend on besides their arguments. */
export interface ProviderDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  /**
   * Shows a warning to the user. The provider's stderr reaches the CLI's output.
   * @default console.error
   */
  readonly warn?: (message: string) => void;
}

/**
 * What both resources' providers share: the `cxone:*` stack config, read in `configure`, the
 * audit step each hook records, and warnings.
 */
export abstract class ConfiguredProvider<D extends ProviderDeps> {
  private configured: StackConfig | Error = {};
  private auditChecked: string | undefined;
  private configValues: string[] = [];
  /** The values behind the secret references in resource properties (see `secret-refs.ts`). */
  protected readonly vault: SecretVault;

  constructor(protected readonly deps: D) {
    this.vault = new SecretVault(() => [...this.configValues, ...Object.values(this.deps.env)]);
  }

  /**
   * Reads `cxone:*` stack config, once per process. A setting that cannot be used is kept, not
   * thrown: the SDK's host calls `configure` from inside the first hook, prints a stack trace of
   * whatever it throws, and never calls it again. Every hook throws it instead, as one line.
   */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configValues = stackConfigValues(req.config);
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
    let trail: AuditTrail;
    let secrets: Array<string | undefined>;
    try {
      const audit = auditSettings(config, this.deps.env);
      trail = openAuditTrail(audit, this.deps.env);
      secrets = [audit.key, this.deps.env.AWS_SECRET_ACCESS_KEY];
    } catch (error) {
      if (isCxoneWebchatError(error)) return;
      throw error;
    }
    await trail.catchUp((message) => this.warn(redact(message, secrets)));
  }

  /** The stack config; throws the problem `configure` met, if any. */
  protected get config(): StackConfig {
    if (this.configured instanceof Error) throw this.configured;
    return this.configured;
  }

  /**
   * Throws when the audit sink cannot take lines (see `sinkProblem`), naming where it was set;
   * checked once per process, by `check`, so that `preview` already says so and `up` never starts
   * without it.
   */
  protected checkAuditDirectory(): void {
    const audit = auditSettings(this.config, this.deps.env);
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

  /** Begins a hook's audit step; its messages are redacted of `secrets`. */
  protected step(start: StepStart, secrets: ReadonlyArray<string | undefined>): RecordedStep {
    const audit = auditSettings(this.config, this.deps.env);
    return new RecordedStep(
      {
        trail: openAuditTrail(audit, this.deps.env),
        now: this.deps.now,
        // The audit key, and the S3 secret of an s3:// sink should a message ever carry it.
        secrets: [...secrets, audit.key, this.deps.env.AWS_SECRET_ACCESS_KEY],
        warn: (message) => this.warn(message),
      },
      start,
    );
  }

  protected warn(message: string): void {
    (this.deps.warn ?? console.error)(message);
  }
}
