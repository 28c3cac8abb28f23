import { join } from "node:path";
import { expect } from "chai";
import { CxoneClient } from "../../provider/cxone/client";
import { TokenBucket } from "../../provider/pacing/token-bucket";
import { PolicyHooks } from "../../provider/resources/policy/hooks";
import { DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { testContext } from "./context";
import { useSimulator } from "./simulator";
import { useTempDir } from "./temp-dir";

/** A resource's properties, as the hooks take them. */
export type Props = Record<string, unknown>;

/** The widget the policy specs write. */
export const WIDGET = "wc-support-001";

/** The policy specs' arguments, with `overrides`. */
export const args = (overrides: Props = {}): Props => ({
  widgetId: WIDGET,
  corsOrigins: ["https://Shop.Example.com:443/", "https://help.example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 30 },
  rules: [{ id: "no-admin", action: "block", pattern: "/admin/*" }],
  ...overrides,
});

/**
 * For a suite of PolicyHooks specs: a simulator and an audit directory per test, providers
 * configured for them (stack config naming the simulator, a fake clock, a bucket of their own),
 * the warnings they give, and the check-then-create steps the engine takes.
 */
export function usePolicyProvider() {
  const env = useSimulator();
  const audit = useTempDir("cxone-audit-");
  const warnings: string[] = [];
  const configuring = new WeakMap<PolicyHooks, Promise<void>>();
  beforeEach(() => {
    warnings.length = 0;
  });

  const provider = (extraEnv: Record<string, string> = {}, confirmWrite?: () => Promise<void>) => {
    const context = testContext({
      clock: env.clock,
      ...(confirmWrite === undefined ? {} : { engine: { beforeWrite: confirmWrite } }),
      warn: (message) => warnings.push(message),
      env: {
        CXONE_AUDIT_DIR: audit.path,
        CXONE_AUDIT_SPOOL: join(audit.path, ".spool"),
        ...extraEnv,
      },
    });
    const p = new PolicyHooks(context, {
      makeClient: (credentials) =>
        new CxoneClient({
          ...credentials,
          clock: env.clock,
          services: env.services,
          pacing: new TokenBucket({ requestsPerSecond: 1000, burst: 1000 }, env.clock),
        }),
    });
    const configured = p.configure({
      config: {
        get: (k: string) =>
          ({
            "cxone:baseUrl": env.sim.url,
            "cxone:clientId": DEMO_CREDENTIALS.clientId,
            "cxone:clientSecret": DEMO_CREDENTIALS.clientSecret,
          })[k],
        require: () => "",
      },
    });
    configuring.set(p, configured);
    return p;
  };

  /** Resolves once `configure`, which the host awaits before the first hook, is done. */
  const configured = (p: PolicyHooks): Promise<void> => configuring.get(p) ?? Promise.resolve();

  /** The engine's check, which must pass; its inputs. */
  async function checked(p: PolicyHooks, news: Props): Promise<Props> {
    const result = await p.check({}, news);
    expect(result.failures ?? []).to.deep.equal([]);
    return result.inputs as Props;
  }

  /** Check, then create, as the engine does. */
  async function created(p: PolicyHooks, news: Props = args()) {
    const inputs = await checked(p, news);
    const result = await p.create({ ...inputs, __provider: "serialized" });
    return { inputs, outs: result.outs as Props, id: result.id };
  }

  return { env, audit, warnings, provider, configured, checked, created };
}
