import { isSecretRef, type SecretVault } from "../dynamic/secret-refs";
import { SecretUnavailableError } from "../errors/state-errors";
import type { Redaction } from "../errors/redact";
import {
  connectionFor,
  connectionSecretHint,
  resolveConnection,
  settingSecrets,
  type RecordedTenantUse,
  type ResolvedConnection,
} from "./connection";
import type { StackConfig } from "./stack-config";
import type { TenantRef } from "./tenant";
import { parseTenantSettings, type TenantSettings } from "./tenant-settings";

/**
 * Which tenant a hook acts on, and with which credentials: a resource's `connection` argument
 * (its secrets as references, found through the vault), the stack config and the environment.
 * Every secret it meets joins the process's redaction set, so that no message shows it.
 */
export class TenantAccess {
  constructor(
    private readonly config: StackConfig,
    private readonly env: NodeJS.ProcessEnv,
    private readonly vault: SecretVault,
    redaction: Redaction,
  ) {
    redaction.add(...settingSecrets(undefined, config, env));
  }

  /** The stack's own tenant and credentials, for a resource with this `connection` argument. */
  current(connection: unknown, widgetId: string): ResolvedConnection {
    return resolveConnection(this.settingsOf(connection, widgetId), this.config, this.env);
  }

  /** The tenant a resource's state records, with credentials for it (see `connectionFor`). */
  recorded(recorded: TenantRef, connection: unknown, use: RecordedTenantUse): ResolvedConnection {
    return connectionFor(
      recorded,
      this.settingsOf(connection, use.widgetId),
      this.config,
      this.env,
      use,
    );
  }

  /**
   * A resource's `connection` argument with the values behind its secret references. Throws
   * {@link SecretUnavailableError} when one cannot be found.
   */
  settingsOf(connection: unknown, widgetId: string): TenantSettings | undefined {
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

  /**
   * Resolves what can be resolved of a `connection` argument's secret references, so that the
   * redaction set holds them before a step that may fail on them begins.
   */
  learnSecrets(connection: unknown): void {
    if (typeof connection === "object" && connection !== null)
      for (const value of Object.values(connection))
        if (isSecretRef(value)) this.vault.resolve(value);
  }
}
