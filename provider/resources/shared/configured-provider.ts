import type * as pulumi from "@pulumi/pulumi";
import { openAuditTrail } from "../../audit/audit-trail";
import { RecordedStep, type StepStart } from "../../audit/step-recorder";
import { auditSettings, readStackConfig, type StackConfig } from "./stack-config";

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
  protected settings: StackConfig = {};

  constructor(protected readonly deps: D) {}

  /** Reads `cxone:*` stack config. Called once per process by the dynamic-provider host. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.settings = readStackConfig(req.config);
  }

  /** Begins a hook's audit step; its messages are redacted of `secrets`. */
  protected step(start: StepStart, secrets: ReadonlyArray<string | undefined>): RecordedStep {
    const audit = auditSettings(this.settings, this.deps.env);
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
