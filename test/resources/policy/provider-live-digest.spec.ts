import { expect } from "chai";
import { MANAGED_BY_FIELD } from "../../../provider/cxone/widget";
import { isCxoneWebchatError } from "../../../provider/errors/base-error";
import { digestOf } from "../../../provider/resources/policy/state";
import { auditLines } from "../../helpers/audit-lines";
import { rejection } from "../../helpers/rejection";

import { args, usePolicyProvider, WIDGET, type Props } from "../../helpers/policy-provider";

describe("PolicyHooks livePolicyDigest", () => {
  const { env, audit, warnings, provider, checked, created } = usePolicyProvider();
  const CLAIM = `cxone-webchat/dev/policy-${WIDGET}`;
  const widgetJson = () => JSON.stringify(env.sim.widgets.get(WIDGET)?.widget);
  const livePolicy = () => (env.sim.widgets.get(WIDGET)?.widget.settings as Props).securityPolicies;
  /** The arguments an export of the widget's live policy gives. */
  const exported = (overrides: Props = {}): Props => {
    const policy = livePolicy() as Props;
    return args({
      corsOrigins: policy.corsOrigins,
      authentication: policy.authentication,
      rules: policy.rules,
      managedBy: CLAIM,
      livePolicyDigest: digestOf(policy),
      ...overrides,
    });
  };

  it("previews a create of the live policy as adopting the widget and changing no policy, with no network", async () => {
    const p = provider();
    const inputs = await checked(p, exported());
    const digest = String(digestOf(livePolicy()));
    expect(inputs.policyDigest).to.equal(digest);
    expect(warnings).to.deep.equal([
      `policy-${WIDGET}: adopts widget ${WIDGET}; policy unchanged (digest ${digest.slice(0, 12)})`,
    ]);
    expect(env.sim.requests).to.have.length(0);
  });

  it("previews a create of another policy as replacing the live one", async () => {
    const p = provider();
    const inputs = await checked(p, exported({ corsOrigins: ["https://new.example.com"] }));
    const live = String(digestOf(livePolicy()));
    expect(warnings).to.deep.equal([
      `policy-${WIDGET}: adopts widget ${WIDGET}; the declared policy (digest ${String(inputs.policyDigest).slice(0, 12)}) replaces the live one (digest ${live.slice(0, 12)})`,
    ]);
  });

  it("fails preview on a digest in another form, naming the field, the value and the rule, as docs/resources.md shows", async () => {
    const value = `sha256:${"a".repeat(64)}`;
    const result = await provider().check({}, exported({ livePolicyDigest: value }));
    expect(result.failures).to.deep.equal([
      {
        property: "",
        reason: `livePolicyDigest: "${value}" must be a policy digest: 64 lowercase hex digits, as the policyDigest output gives it`,
      },
    ]);
    expect(warnings).to.deep.equal([]);
    expect(env.sim.requests).to.have.length(0);
  });

  it("says nothing of adoption at the preview of an update", async () => {
    const p = provider();
    const { inputs } = await created(p, exported());
    warnings.length = 0;
    await p.check(inputs, exported());
    expect(warnings).to.deep.equal([]);
  });

  it("adopts a widget whose live policy has the digest: the outputs' digest is the live one, and it is kept", async () => {
    const live = String(digestOf(livePolicy()));
    const { outs } = await created(provider(), exported());
    expect(outs).to.deep.include({ policyDigest: live, livePolicyDigest: live });
    expect(digestOf(livePolicy())).to.equal(live);
    expect((env.sim.widgets.get(WIDGET)?.widget.settings as Props)[MANAGED_BY_FIELD]).to.equal(
      CLAIM,
    );
  });

  it("refuses, writing nothing, a create whose widget changed since the digest was taken", async () => {
    const p = provider();
    const inputs = await checked(p, exported());
    const expected = String(inputs.livePolicyDigest);
    env.sim.editWidget(WIDGET, (w) => {
      (w.settings as Props).securityPolicies = {
        corsOrigins: ["https://console.example.com"],
        authentication: { requireToken: false },
      };
    });
    const edited = widgetJson();
    env.sim.clearLog();
    const error = await rejection(p.create({ ...inputs, __provider: "serialized" }));
    if (!isCxoneWebchatError(error, "live-policy-changed")) throw error;
    expect(error.message).to.contain(
      `widget ${WIDGET} changed since its livePolicyDigest was taken`,
    );
    expect(error.message).to.contain(`livePolicyDigest is ${expected}`);
    expect(error.message).to.contain(
      `the live policy's digest is ${String(digestOf(livePolicy()))}`,
    );
    expect(env.routes()).to.deep.equal(["POST /oauth/token 200", "GET W/wc-support-001 200"]);
    expect(widgetJson()).to.equal(edited);
    const lines = auditLines(audit.path);
    expect(lines.map((l) => [l.action, l.outcome])).to.deep.equal([["create", "failure"]]);
  });

  it("refuses on the re-read after a 412 too: an edit between the read and the write is not overwritten", async () => {
    const p = provider();
    const inputs = await checked(p, exported({ corsOrigins: ["https://new.example.com"] }));
    env.sim.raceNextPut((w) => {
      (w.settings as Props).securityPolicies = {
        corsOrigins: ["https://console.example.com"],
        authentication: { requireToken: false },
      };
    });
    const error = await rejection(p.create({ ...inputs, __provider: "serialized" }));
    expect(isCxoneWebchatError(error, "live-policy-changed"), String(error)).to.equal(true);
    expect(env.sim.requests.filter((r) => r.method === "PUT").map((r) => r.status)).to.deep.equal([
      412,
    ]);
    expect(livePolicy()).to.deep.equal({
      corsOrigins: ["https://console.example.com"],
      authentication: { requireToken: false },
    });
  });

  it("keeps livePolicyDigest in the inputs a refresh returns, so that the next preview shows nothing", async () => {
    const p = provider();
    const { outs } = await created(p, exported());
    const read = await p.read(WIDGET, outs);
    expect(read.inputs).to.deep.include({ livePolicyDigest: outs.livePolicyDigest });
    expect(
      (await p.diff(WIDGET, read.inputs as Props, await checked(p, exported()))).changes,
    ).to.equal(false);
  });
});
