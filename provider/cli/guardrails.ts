import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ModuleRequire } from "../audit/s3-sdk";
import type { GuardrailFinding } from "../inventory/scan-report";
import type { LiveWidget } from "../inventory/live-widget";
import { resourceOfClaim, stackOfClaim } from "../policy/ownership";
import { WEBCHAT_SECURITY_POLICY_TYPE } from "../resources/type-tokens";

/**
 * The guardrails policy pack, a package of its own: `scan` runs its guardrails directly, without the
 * Pulumi CLI, when the project has it installed, and goes on without it otherwise.
 */
export const GUARDRAILS_PACKAGE = "pulumi-cxone-webchat-guardrails";

/** The command that installs it in a project, for messages. */
export const GUARDRAILS_INSTALL = `npm install --save-dev ${GUARDRAILS_PACKAGE}`;

/** The pack's module of guardrails: its main module would start the analyzer server instead. */
const POLICIES_MODULE = `${GUARDRAILS_PACKAGE}/dist/policies`;

/** A guardrail's check as the policy library calls it: the resource's facts, and how to report. */
type Validate = (args: unknown, report: (message: string) => void) => unknown;

const isFunction = (value: unknown): value is Validate => typeof value === "function";

/** The part of the pack's module `scan` reads: each policy's name, level and resource check. */
const packSchema = z.looseObject({
  GUARDRAIL_POLICIES: z.array(
    z.looseObject({
      name: z.string(),
      enforcementLevel: z.string().optional(),
      validateResource: z
        .union([z.custom<Validate>(isFunction), z.array(z.custom<Validate>(isFunction))])
        .optional(),
    }),
  ),
});

/** One resource guardrail of the pack, ready to run. */
export interface Guardrail {
  readonly name: string;
  /** The level the pack gives it when the config names none. */
  readonly enforcementLevel: string;
  readonly validate: readonly Validate[];
}

/** The pack as `scan` runs it. */
export interface GuardrailPack {
  /**
   * Its resource guardrails. A stack guardrail (the WAF webhook's) needs a whole stack's resources and is
   * left to `pulumi preview`.
   */
  readonly guardrails: readonly Guardrail[];
  /** The name of every policy of the pack, stack guardrails too: what a config file may name. */
  readonly names: readonly string[];
}

/**
 * The file of the pack's guardrails, as Node finds it from here (the project's node_modules), or
 * undefined when the pack is not installed. It only looks the module up, loading nothing.
 */
export function guardrailsModule(load: ModuleRequire = require): string | undefined {
  try {
    return load.resolve(POLICIES_MODULE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    return undefined;
  }
}

/**
 * Loads the pack from its file (see {@link guardrailsModule}). Throws when it is not a pack this
 * code can run.
 */
export function loadGuardrails(file: string, load: ModuleRequire = require): GuardrailPack {
  const parsed = packSchema.safeParse(load(file));
  if (!parsed.success)
    throw new Error(`${POLICIES_MODULE} does not export GUARDRAIL_POLICIES as a list of policies`);
  const policies = parsed.data.GUARDRAIL_POLICIES;
  return {
    guardrails: policies.flatMap((policy) => {
      const validate = [policy.validateResource ?? []].flat();
      return validate.length === 0
        ? []
        : [
            {
              name: policy.name,
              enforcementLevel: policy.enforcementLevel ?? "advisory",
              validate,
            },
          ];
    }),
    names: policies.map((policy) => policy.name),
  };
}

/** One policy's settings from a `--policy-pack-config` file: its level, and its config keys. */
export interface GuardrailSetting {
  readonly level?: string;
  readonly config: Readonly<Record<string, unknown>>;
}

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

const settingSchema = z.union([
  z.enum(LEVELS),
  z.looseObject({ enforcementLevel: z.enum(LEVELS).optional() }),
]);

/**
 * Reads a guardrails config file, the one `pulumi preview --policy-pack-config` takes: each
 * policy's name, with its level (`"advisory"`) or an object of its keys and an optional
 * `enforcementLevel`. Throws naming the file, the policy and the guardrail for anything else.
 */
export function readGuardrailsConfig(file: string): Map<string, GuardrailSetting> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `--guardrails-config ${file}: cannot be read as JSON: ${(error as Error).message}`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new Error(`--guardrails-config ${file}: must be a JSON object keyed by policy name`);
  const settings = new Map<string, GuardrailSetting>();
  for (const [name, value] of Object.entries(data)) {
    const parsed = settingSchema.safeParse(value);
    if (!parsed.success)
      throw new Error(
        `--guardrails-config ${file}: ${name}: ${JSON.stringify(value)} is neither a level (${LEVELS.join(", ")}) nor an object of the policy's keys`,
      );
    if (typeof parsed.data === "string") settings.set(name, { level: parsed.data, config: {} });
    else {
      const { enforcementLevel, ...config } = parsed.data;
      settings.set(name, {
        ...(enforcementLevel === undefined ? {} : { level: enforcementLevel }),
        config,
      });
    }
  }
  return settings;
}

/**
 * Throws for a policy name the pack has none by, in a config read by
 * {@link readGuardrailsConfig}: a typo would otherwise leave a guardrail at its default unnoticed.
 */
export function checkGuardrailNames(
  settings: ReadonlyMap<string, GuardrailSetting>,
  pack: GuardrailPack,
  file: string,
): void {
  for (const name of settings.keys())
    if (!pack.names.includes(name))
      throw new Error(
        `--guardrails-config ${file}: ${name}: the pack has no policy by that name; its policies are ${pack.names.join(", ")}`,
      );
}

/** Thrown by a guardrail's `notApplicable`, as the policy library does, to end its run. */
class NotApplicable extends Error {}

/** The stack a widget no stack manages is checked on, when `scan` is given none. */
export const UNMANAGED_STACK = "unmanaged";

/**
 * What the guardrails see of a widget, as they would see its `WebchatSecurityPolicy` after `check`:
 * the live policy in normal form with its digest and counts (or, for a policy today's guardrails
 * refuse, its fields as the tenant holds them), on the stack and under the name of its claim. A
 * widget no stack manages is seen on `stack`, under the name the many-widgets example gives it.
 */
export function guardrailResource(widget: LiveWidget, stack: string) {
  const { standing, claim } = widget;
  const props: Record<string, unknown> = { widgetId: widget.widgetId };
  if (standing.kind === "valid")
    Object.assign(props, standing.policy, {
      policyDigest: standing.digest,
      rulesCount: standing.policy.rules.length,
      corsOriginsCount: standing.policy.corsOrigins.length,
    });
  else if (standing.kind === "invalid" && typeof standing.policy === "object")
    Object.assign(props, standing.policy);
  if (claim !== undefined) props.managedBy = claim;
  const [project = "", stackName = ""] =
    claim === undefined ? ["unmanaged", stack] : stackOfClaim(claim).split("/");
  const name = claim === undefined ? `policy-${widget.widgetId}` : resourceOfClaim(claim);
  return {
    type: WEBCHAT_SECURITY_POLICY_TYPE,
    name,
    urn: `urn:pulumi:${stackName}::${project}::${WEBCHAT_SECURITY_POLICY_TYPE}::${name}`,
    props,
  };
}

/**
 * Runs every guardrail on one widget, the way the policy library calls a resource policy, with the
 * config `settings` gives it; a guardrail whose level is `disabled` does not run. A guardrail's own error
 * (a config it cannot use) is thrown.
 */
export async function runGuardrails(
  guardrails: readonly Guardrail[],
  settings: ReadonlyMap<string, GuardrailSetting>,
  widget: LiveWidget,
  stack: string = UNMANAGED_STACK,
): Promise<GuardrailFinding[]> {
  if (widget.standing.kind === "none") return [];
  const resource = guardrailResource(widget, stack);
  const findings: GuardrailFinding[] = [];
  for (const guardrail of guardrails) {
    const setting = settings.get(guardrail.name);
    const level = setting?.level ?? guardrail.enforcementLevel;
    if (level === "disabled") continue;
    const args = {
      ...resource,
      opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
      stackTags: new Map<string, string>(),
      isType: () => false,
      asType: () => undefined,
      getConfig: () => setting?.config ?? {},
      notApplicable: (reason?: string): never => {
        throw new NotApplicable(reason ?? "");
      },
    };
    const report = (message: string) =>
      findings.push({
        guardrail: guardrail.name,
        level: level === "advisory" ? "advisory" : "mandatory",
        message,
      });
    try {
      for (const validate of guardrail.validate) await validate(args, report);
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
    }
  }
  return findings;
}
