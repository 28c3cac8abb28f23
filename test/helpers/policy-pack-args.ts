import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { WAF_WEBHOOK_TYPE, WEBCHAT_SECURITY_POLICY_TYPE } from "../../provider";

/** A resource as a test declares it: its type defaults to WebchatSecurityPolicy. */
export interface TestResource {
  readonly type?: string;
  readonly name: string;
  readonly stack?: string;
  readonly props: Record<string, unknown>;
  /** Input name to the names of the resources it came from. */
  readonly propertyDependencies?: Record<string, string[]>;
}

/** What a policy did with one call: its violations, or that it did not apply and why. */
export interface PolicyOutcome {
  readonly violations: string[];
  readonly urns: Array<string | undefined>;
  readonly notApplicable?: string;
}

/** The URN the engine gives a resource of the multi-env project. */
export function urnOf(resource: TestResource): string {
  const type = resource.type ?? WEBCHAT_SECURITY_POLICY_TYPE;
  return `urn:pulumi:${resource.stack ?? "prod"}::cxone-webchat-multi-env::${type}::${resource.name}`;
}

class NotApplicable extends Error {}

const OPTIONS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function recorder() {
  const outcome = { violations: [] as string[], urns: [] as Array<string | undefined> };
  const report = (message: string, urn?: string) => {
    outcome.violations.push(message);
    outcome.urns.push(urn);
  };
  const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason ?? "");
  };
  const settle = (run: () => void): PolicyOutcome => {
    try {
      run();
    } catch (error) {
      if (error instanceof NotApplicable) return { ...outcome, notApplicable: error.message };
      throw error;
    }
    return outcome;
  };
  return { report, notApplicable, settle };
}

/**
 * Calls a resource policy the way the policy library does, with `config` as the CLI would pass
 * it (the policy's keys, without enforcementLevel). A `notApplicable` call ends the run, as in
 * the library.
 */
export function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: Record<string, unknown> = {},
): PolicyOutcome {
  const { report, notApplicable, settle } = recorder();
  const args: ResourceValidationArgs = {
    type: resource.type ?? WEBCHAT_SECURITY_POLICY_TYPE,
    props: resource.props,
    urn: urnOf(resource),
    name: resource.name,
    opts: OPTIONS,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
  const validations = [policy.validateResource ?? []].flat();
  return settle(() => {
    for (const validate of validations) void validate(args, report);
  });
}

/** Calls a stack policy with `resources`, their dependencies resolved by name. */
export function runStackPolicy(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
): PolicyOutcome {
  const { report, notApplicable, settle } = recorder();
  const byName = new Map<string, PolicyResource>();
  for (const resource of resources)
    byName.set(resource.name, {
      type: resource.type ?? WEBCHAT_SECURITY_POLICY_TYPE,
      props: resource.props,
      urn: urnOf(resource),
      name: resource.name,
      opts: OPTIONS,
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    });
  for (const resource of resources) {
    const deps = Object.entries(resource.propertyDependencies ?? {}).map(
      ([key, names]): [string, PolicyResource[]] => [
        key,
        names.map((n) => byName.get(n) as PolicyResource),
      ],
    );
    const self = byName.get(resource.name) as PolicyResource;
    self.propertyDependencies = Object.fromEntries(deps);
    self.dependencies = [...new Set(deps.flatMap(([, d]) => d))];
  }
  return settle(
    () =>
      void policy.validateStack(
        {
          resources: [...byName.values()],
          stackTags: new Map(),
          getConfig: <T extends object>() => ({}) as T,
          notApplicable,
        },
        report,
      ),
  );
}

/** A webhook fed by `policy` as `WafWebhook.forPolicy` feeds it. */
export function webhookFor(
  policy: TestResource,
  name = "waf",
  overrides: Record<string, unknown> = {},
): TestResource {
  return {
    type: WAF_WEBHOOK_TYPE,
    name,
    stack: policy.stack,
    props: {
      url: "https://waf.example.com/hooks",
      widgetId: policy.props.widgetId,
      policyDigest: policy.props.policyDigest,
      ...overrides,
    },
    propertyDependencies: {
      widgetId: [policy.name],
      policyDigest: [policy.name],
      rulesCount: [policy.name],
    },
  };
}

/** The inputs of a WebchatSecurityPolicy after check, as multi-env's prod stack has them. */
export function prodPolicyProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    widgetId: "wc-sales-002",
    corsOrigins: ["https://shop.example.com", "https://www.example.com"],
    authentication: { requireToken: true, tokenExpiryMinutes: 30 },
    rules: [
      { id: "block-admin", action: "block", pattern: "/admin/*" },
      { id: "log-all-logins", action: "log", pattern: "/login*" },
    ],
    allowInsecureOrigins: false,
    onDelete: "restore",
    managedBy: "cxone-webchat-multi-env/prod/webchat-prod",
    policyDigest: "b".repeat(64),
    rulesCount: 2,
    corsOriginsCount: 2,
    ...overrides,
  };
}
