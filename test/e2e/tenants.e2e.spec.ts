import { expect } from "chai";
import { CxoneSimulator, DEMO_CREDENTIALS } from "../../provider/simulator/cxone-simulator";
import { type StackCli } from "../../scripts/pulumi-project";
import { resourceSummary, useE2eWorld } from "./e2e-world";

const WIDGET = "wc-support-001";

/** The quickstart's policy resource, as its line in the plan reads. */
const POLICY_URN = "pulumi-nodejs:dynamic/cxone:WebchatSecurityPolicy";

describe("a policy whose stack is pointed at another tenant", function () {
  this.timeout(300_000);
  const world = useE2eWorld();
  let tenantB: CxoneSimulator;
  let stack: StackCli;
  const json = (sim: CxoneSimulator) => JSON.stringify(sim.widgets.get(WIDGET)?.widget);
  let pristineA: string;
  let pristineB: string;

  before(async () => {
    tenantB = await new CxoneSimulator().start();
  });
  after(async () => {
    await tenantB?.stop();
  });

  it("is deployed to tenant A", async () => {
    stack = await world.stack("quickstart", "move");
    stack.copySettingsOf("dev");
    pristineA = json(world.sim);
    pristineB = json(tenantB);
    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.deep.equal(["+ 3 created"]);
    expect(json(world.sim)).to.not.equal(pristineA);
  });

  it("fails preview, naming both tenants and the ways on, when tenant A's credentials are gone; nothing is sent", async () => {
    await stack.set("cxone:baseUrl", tenantB.url);
    world.sim.clearLog();
    tenantB.clearLog();
    const preview = await stack.run(["preview"], { allowFailure: true });
    expect(preview.code).to.not.equal(0);
    const message =
      `the policy of widget ${WIDGET} lives on tenant ${world.sim.url}, as the state records, ` +
      `but the stack's credentials are for tenant ${tenantB.url}: nothing was written.`;
    const diagnostics = preview.output.split(/^Diagnostics:$/m)[1] ?? "";
    expect(diagnostics.split(message), preview.output).to.have.length(2);
    expect(preview.output).to.contain(
      `pulumi config set --path 'cxone:tenants["${world.sim.url}"].clientId'`,
    );
    expect(preview.output).to.contain("pulumi state delete");
    expect(preview.output).to.not.match(/^\s+at \S/m);
    const up = await stack.run(["up", "--yes"], { allowFailure: true });
    expect(up.code).to.not.equal(0);
    expect(world.sim.requests).to.have.length(0);
    expect(tenantB.requests).to.have.length(0);
    expect(json(tenantB)).to.equal(pristineB);
  });

  it("with tenant A's credentials under cxone:tenants, the plan says the policy moves, and up restores A and writes B", async () => {
    const path = `cxone:tenants["${world.sim.url}"]`;
    await stack.run(["config", "set", "--path", `${path}.clientId`, DEMO_CREDENTIALS.clientId]);
    await stack.run(
      [
        "config",
        "set",
        "--secret",
        "--path",
        `${path}.clientSecret`,
        DEMO_CREDENTIALS.clientSecret,
      ],
      { secretArgs: [DEMO_CREDENTIALS.clientSecret] },
    );
    const preview = await stack.run(["preview", "--diff"]);
    expect(preview.output).to.contain(
      `warning: the policy of widget ${WIDGET} moves from tenant ${world.sim.url} to tenant ${tenantB.url}`,
    );
    expect(preview.stdout).to.match(new RegExp(`\\+-${POLICY_URN}: \\(replace\\)`));
    expect(preview.stdout).to.contain(`~ baseUrl`);
    const removedBefore = world.waf.deliveries.length;
    const up = await stack.run(["up", "--yes"]);
    expect(resourceSummary(up.stdout)).to.include("+-2 replaced");
    // Tenant A's widget is back as it was found, byte for byte; tenant B's carries the policy.
    expect(json(world.sim)).to.equal(pristineA);
    const livePolicy = (tenantB.widgets.get(WIDGET)?.widget.settings as Record<string, unknown>)
      .securityPolicies as { corsOrigins: string[] };
    expect(livePolicy.corsOrigins).to.deep.equal([
      "https://shop.example.com",
      "https://www.example.com",
    ]);
    // The WAF was told of the removal (from A) and of the deployment (to B), in that order.
    expect(world.waf.deliveries.slice(removedBefore).map((d) => d.type)).to.deep.equal([
      "webchat_security_policy_removed",
      "webchat_security_policy_deployed",
    ]);
    await stack.run(["preview", "--expect-no-changes"]);
    await stack.run(["refresh", "--yes", "--expect-no-changes"]);
  });

  it("destroy then acts on tenant B, where the policy now lives", async () => {
    await stack.run(["destroy", "--yes"]);
    expect(json(tenantB)).to.equal(pristineB);
    expect(json(world.sim)).to.equal(pristineA);
  });
});
