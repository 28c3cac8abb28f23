import { expect } from "chai";
import * as fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { readWidget, type Widget } from "../../provider/cxone/widget";
import { exportTypeScript, exportYaml, planExport } from "../../provider/inventory/export-document";
import { inspectWidget } from "../../provider/inventory/live-widget";
import { policyDigest } from "../../provider/policy/digest";
import { validatePolicy } from "../../provider/policy/validate";

const policy = (origin: string, extra: Record<string, unknown> = {}) => ({
  corsOrigins: [origin, "https://a.example.com"],
  authentication: { requireToken: true, tokenExpiryMinutes: 30 },
  rules: [{ id: "log-all", action: "log", pattern: "/*" }],
  allowInsecureOrigins: false,
  ...extra,
});

const widget = (id: string, settings: Record<string, unknown> | null | undefined): Widget =>
  ({ id, name: `Widget ${id}`, ...(settings === undefined ? {} : { settings }) }) as Widget;

const live = (widgets: Widget[]) => widgets.map((w) => inspectWidget(readWidget(w)));

const TENANT = [
  widget("wc-b", { securityPolicies: policy("https://z.example.com") }),
  widget("wc-a", {
    securityPolicies: policy("http://insecure.example.com", { allowInsecureOrigins: true }),
  }),
  widget("wc-wild", { securityPolicies: policy("https://*.example.com") }),
  widget("wc-claimed", {
    securityPolicies: policy("https://c.example.com"),
    securityPoliciesManagedBy: "proj/prod/policy-wc-claimed",
  }),
  widget("wc-none", {}),
  widget("wc-null", null),
];

describe("planExport", () => {
  it("exports the widgets the export's own stack claims, and leaves out another stack's", () => {
    const plan = planExport(live(TENANT), "proj/prod");
    expect(plan.exported.map((w) => w.widgetId)).to.deep.equal(["wc-a", "wc-b", "wc-claimed"]);
    const other = planExport(live(TENANT), "proj/dev");
    expect(other.leftOut.map((w) => w.widgetId)).to.include("wc-claimed");
  });

  it("exports valid unclaimed policies by id, and says why each other widget is left out", () => {
    const plan = planExport(live(TENANT));
    expect(plan.exported.map((w) => w.widgetId)).to.deep.equal(["wc-a", "wc-b"]);
    expect(plan.leftOut.map((l) => [l.widgetId, l.reason.kind])).to.deep.equal([
      ["wc-claimed", "claimed"],
      ["wc-none", "no-policy"],
      ["wc-null", "no-policy"],
      ["wc-wild", "invalid"],
    ]);
    const wild = plan.leftOut.find((l) => l.widgetId === "wc-wild")?.reason;
    expect(wild?.kind === "invalid" && wild.violations.join()).to.match(
      /corsOrigins\[0\]: "https:\/\/\*\.example\.com" contains a wildcard/,
    );
  });

  it("is the same whatever order the tenant listed the widgets in", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(TENANT, { minLength: TENANT.length }), (shuffled) => {
        expect(exportYaml(planExport(live(shuffled)), "t")).to.equal(
          exportYaml(planExport(live(TENANT)), "t"),
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe("exportYaml", () => {
  const text = exportYaml(planExport(live(TENANT)), "tenant https://api.example.com");
  const data = parseYaml(text) as { widgets: Array<Record<string, unknown>> };

  it("writes the many-widgets data file, each entry's policy digesting to its livePolicyDigest", () => {
    expect(data.widgets.map((w) => w.widgetId)).to.deep.equal(["wc-a", "wc-b"]);
    for (const entry of data.widgets) {
      const { widgetId: _id, livePolicyDigest, ...declared } = entry;
      const result = validatePolicy({ rules: [], ...declared });
      if (!result.ok) expect.fail(JSON.stringify(result.violations));
      expect(policyDigest(result.policy)).to.equal(livePolicyDigest);
    }
    expect(data.widgets[0]).to.include({ allowInsecureOrigins: true });
    expect(data.widgets[1]).to.not.have.property("allowInsecureOrigins");
  });

  it("writes every left-out widget only as comments, with its reason and its policy", () => {
    expect(text).to.match(
      /^# {3}wc-claimed: managed by stack "proj\/prod" \(resource "policy-wc-claimed"\) already$/m,
    );
    expect(text).to.match(/^# {3}wc-wild: its live policy breaks today's rules: corsOrigins\[0\]/m);
    expect(text).to.match(/^# +- https:\/\/\*\.example\.com$/m);
    expect(text).to.not.match(/^\s*- widgetId: wc-wild/m);
    expect(JSON.stringify(data)).to.not.contain("wc-wild");
  });

  it("holds no time of day: the same tenant gives the same bytes", () => {
    expect(exportYaml(planExport(live(TENANT)), "t")).to.equal(
      exportYaml(planExport(live(structuredClone(TENANT))), "t"),
    );
  });
});

describe("exportTypeScript", () => {
  it("declares one WebchatSecurityPolicy per exported widget, named as many-widgets names them", () => {
    const text = exportTypeScript(planExport(live(TENANT)), "t");
    expect(text.match(/new WebchatSecurityPolicy\(/g)).to.have.length(2);
    expect(text).to.contain('new WebchatSecurityPolicy("policy-wc-a", {');
    expect(text).to.contain('"livePolicyDigest": "');
    expect(text).to.match(/^\/\/ {3}wc-wild: /m);
  });
});
