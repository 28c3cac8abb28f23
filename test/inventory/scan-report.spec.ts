import { expect } from "chai";
import { readWidget, type Widget } from "../../provider/cxone/widget";
import { inspectWidget } from "../../provider/inventory/live-widget";
import {
  coverageLine,
  scanExitCode,
  scanRow,
  scanTable,
  summarize,
} from "../../provider/inventory/scan-report";

const policy = (origin: string) => ({
  corsOrigins: [origin],
  authentication: { requireToken: false },
  rules: [],
  allowInsecureOrigins: false,
});
const live = (id: string, settings: Record<string, unknown>) =>
  inspectWidget(readWidget({ id, settings } as Widget));

const synced = live("wc-1", {
  securityPolicies: policy("https://a.example.com"),
  securityPoliciesManagedBy: "p/dev/policy-wc-1",
});
const digestOf = (w: ReturnType<typeof live>) =>
  w.standing.kind === "valid" ? w.standing.digest : "";

describe("scan rows", () => {
  it("compare the live digest with the one the managing stack recorded", () => {
    const recorded = { digest: digestOf(synced), source: "state of stack p/dev" };
    expect(scanRow(synced, recorded, []).drift).to.equal("in-sync");
    expect(scanRow(synced, { ...recorded, digest: "0".repeat(64) }, []).drift).to.equal("drifted");
    expect(scanRow(synced, undefined, []).drift).to.equal("unknown");
    expect(
      scanRow(live("wc-2", { securityPolicies: policy("https://b.example.com") }), undefined, [])
        .drift,
    ).to.equal("unmanaged");
  });

  it("count, print and gate on drift and violations", () => {
    const rows = [
      scanRow(synced, { digest: "0".repeat(64), source: "audit trail" }, []),
      scanRow(live("wc-bad", { securityPolicies: policy("https://*.example.com") }), undefined, []),
      scanRow(live("wc-none", {}), undefined, []),
      scanRow(live("wc-guard", { securityPolicies: policy("https://g.example.com") }), undefined, [
        { guardrail: "webchat-origin-domains", level: "mandatory", message: "not allowed" },
      ]),
    ];
    const summary = summarize(rows);
    expect(summary).to.deep.equal({
      widgets: 4,
      underCode: 1,
      inSync: 0,
      drifted: 1,
      unknown: 0,
      unmanaged: 3,
      inViolation: 2,
      withoutPolicy: 1,
    });
    expect(coverageLine(summary)).to.equal(
      "coverage: 1 of 4 widgets under code (25%), 0 in sync, 1 drifted, 0 not compared; 2 in violation; 1 without a policy",
    );
    expect(scanExitCode(rows, ["drift", "violation"])).to.equal(1);
    expect(scanExitCode(rows.slice(2, 3), ["drift", "violation"])).to.equal(0);
    expect(scanExitCode(rows.slice(3), ["drift"])).to.equal(0);
    const table = scanTable(rows, summary);
    expect(table).to.match(/^wc-1 +p\/dev \(policy-wc-1\) +drifted/m);
    expect(table).to.contain("wc-bad: corsOrigins[0]:");
    expect(table).to.contain("wc-guard: webchat-origin-domains [mandatory]: not allowed");
  });
});
