import { createHmac } from "node:crypto";
import type { Redaction } from "../errors/redact";

/**
 * Secrets are kept out of every resource property: `check` replaces a secret argument (a
 * signing secret, a `connection` credential) with a reference, its keyed fingerprint, and the
 * provider looks the value up when a hook needs it. Why: properties travel back to the program
 * on every registration, and the Node.js SDK logs them, secrets in clear, under `--debug`. A
 * reference is stable, so a diff still sees a rotated secret as a change.
 */

/** The prefix of a reference: `cxone-secret-ref:v1:<32 hex digits>`. */
export const SECRET_REF_PREFIX = "cxone-secret-ref:v1:";

/**
 * A fixed key for the fingerprint. It is not a secret: it only makes the fingerprint specific
 * to this package, so that it matches no other hash of the same value.
 */
const FINGERPRINT_KEY = "pulumi-cxone-webchat secret reference v1";

/** The reference that stands for `value`. Pure. */
export function secretRef(value: string): string {
  const digest = createHmac("sha256", FINGERPRINT_KEY).update(value, "utf8").digest("hex");
  return `${SECRET_REF_PREFIX}${digest.slice(0, 32)}`;
}

/** True when `value` is a reference rather than a secret's value. */
export function isSecretRef(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(SECRET_REF_PREFIX);
}

/** The reference for a value that may already be one (state written before references). */
export function asSecretRef(value: string): string {
  return isSecretRef(value) ? value : secretRef(value);
}

/**
 * Where a provider process finds the value behind a reference: the values `check` saw in this
 * process (during `up`, before `create` and `update`), then every stack config value and every
 * environment variable whose fingerprint matches (for `refresh` and `destroy`, which run no
 * program; the usual places for such a secret). Every value it holds joins the process's
 * {@link Redaction}, so that no message shows it.
 */
export class SecretVault {
  private readonly seen = new Map<string, string>();
  private configValues: readonly string[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly redaction: Redaction,
  ) {}

  /** The stack config's values, searched for references (see `configure`). */
  useConfigValues(values: readonly string[]): void {
    this.configValues = values;
  }

  /** Remembers `value` for this process and returns its reference. */
  remember(value: string): string {
    const ref = secretRef(value);
    this.seen.set(ref, value);
    this.redaction.add(value);
    return ref;
  }

  /** The value behind `ref`, or undefined when no source has it. A value that is not a reference is itself. */
  resolve(ref: string): string | undefined {
    if (!isSecretRef(ref)) return ref;
    const known = this.seen.get(ref);
    if (known !== undefined) return known;
    for (const candidate of [...this.configValues, ...Object.values(this.env)]) {
      if (candidate !== undefined && secretRef(candidate) === ref) {
        this.seen.set(ref, candidate);
        this.redaction.add(candidate);
        return candidate;
      }
    }
    return undefined;
  }
}

/**
 * The string values of the stack config the dynamic-provider host passes to `configure`. The SDK
 * keeps them in a field it does not declare public; without it (another SDK), none are found and
 * the environment is still searched.
 */
export function stackConfigValues(config: object): string[] {
  const raw = (config as { rawConfig?: unknown }).rawConfig;
  if (typeof raw !== "object" || raw === null) return [];
  return Object.values(raw).filter((v): v is string => typeof v === "string");
}
