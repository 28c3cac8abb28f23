import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { type CliResult, type StackCli } from "../../scripts/pulumi-project";
import { backendFiles, useE2eWorld } from "./e2e-world";
import { auditText } from "../helpers/audit-lines";

const PROJECT = "cxone-webchat-quickstart";
const WIDGET = "wc-support-001";

/**
 * The lines of the CLI's Diagnostics section of a failed command, checked to hold no stack frame:
 * what the user reads as the outcome.
 */
function diagnostics(result: CliResult): string[] {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output, "no stack trace").to.not.match(/^\s+at \S/m);
  const section = result.output.split(/^Diagnostics:$/m)[1]?.split(/^Resources:$/m)[0] ?? "";
  return section
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Asserts that the Diagnostics of `result` say `message`, in exactly one line. */
function saysOnce(result: CliResult, message: string): void {
  const lines = diagnostics(result).filter((l) => l.includes(message));
  expect(lines, result.output).to.have.length(1);
}

describe("settings and inputs, checked at preview through the CLI", function () {
  this.timeout(300_000);
  const world = useE2eWorld();
  let stack: StackCli;
  const setConfig = (values: Record<string, unknown>) =>
    stack.editStackFile((config) => {
      for (const [key, value] of Object.entries(values)) config[key] = value;
    });

  before(async () => {
    stack = await world.stack("quickstart", "checks");
    stack.copySettingsOf("dev");
  });
  beforeEach(() => world.sim.clearLog());
  afterEach(() => expect(world.sim.requests, "requests to the tenant").to.have.length(0));

  for (const value of ["abc", "0"]) {
    it(`prints cxone:requestsPerSecond ${JSON.stringify(value)} as one clean line naming the key, the value and the rule`, async () => {
      await stack.set("cxone:requestsPerSecond", value);
      try {
        const preview = await stack.run(["preview"], { allowFailure: true });
        saysOnce(
          preview,
          `error: cxone:requestsPerSecond: "${value}" must be a number of requests per second greater than 0 and at most 1000`,
        );
      } finally {
        await stack.run(["config", "rm", "cxone:requestsPerSecond"]);
      }
    });
  }

  it("fails preview on a malformed cxone:baseUrl, naming the setting", async () => {
    await stack.set("cxone:baseUrl", "not a url");
    try {
      const preview = await stack.run(["preview"], { allowFailure: true });
      saysOnce(preview, 'cxone:baseUrl: "not a url" is not an absolute URL');
    } finally {
      await stack.set("cxone:baseUrl", world.sim.url);
    }
  });

  it("fails preview on a missing cxone:clientId, naming it and where to set it", async () => {
    await stack.run(["config", "rm", "cxone:clientId"]);
    try {
      const preview = await stack.run(["preview"], { allowFailure: true });
      saysOnce(
        preview,
        "connection settings: CXone connection settings are incomplete: clientId is not set. Set each in any of three ways: stack config (cxone:clientId; use --secret for secrets), the environment (CXONE_CLIENT_ID), or the resource's connection argument (connection.clientId).",
      );
    } finally {
      await stack.set("cxone:clientId", "demo-client");
    }
  });

  for (const widgetId of ["../other", "a/b", "x".repeat(2000), "wïdget-ü"]) {
    it(`fails preview on the widget id ${JSON.stringify(widgetId.slice(0, 12))}${widgetId.length > 12 ? "…" : ""} by its shape`, async () => {
      setConfig({ [`${PROJECT}:widgetId`]: widgetId });
      try {
        const preview = await stack.run(["preview"], { allowFailure: true });
        saysOnce(
          preview,
          widgetId.length > 128
            ? 'widgetId: "xxxxxxxx'
            : `widgetId: ${JSON.stringify(widgetId)} must be a widget id: letters, digits, _, - and ., starting with a letter or digit (it is part of the API path)`,
        );
        if (widgetId.length > 128)
          expect(preview.output).to.contain("must be at most 128 characters");
      } finally {
        setConfig({ [`${PROJECT}:widgetId`]: WIDGET });
      }
    });
  }

  it("fails preview on a NUL in a rule pattern, naming its path", async () => {
    setConfig({
      [`${PROJECT}:rules`]: [{ id: "nul", action: "block", pattern: "/admin\u0000/x" }],
    });
    try {
      const preview = await stack.run(["preview"], { allowFailure: true });
      saysOnce(preview, 'rules[0].pattern: "/admin\\u0000/x" contains NUL (U+0000) at index 6');
    } finally {
      setConfig({ [`${PROJECT}:rules`]: [] });
    }
  });

  it("fails preview on an audit directory under a regular file, naming the setting", async () => {
    const file = join(world.dir, "a-file");
    writeFileSync(file, "");
    await stack.set("cxone:auditDir", join(file, "audit"));
    try {
      const preview = await stack.run(["preview"], { allowFailure: true });
      saysOnce(
        preview,
        `cxone:auditDir: "${join(file, "audit")}" cannot be used: ${file} is a file, not a directory`,
      );
      expect(preview.output).to.not.contain("ENOTDIR");
    } finally {
      await stack.run(["config", "rm", "cxone:auditDir"]);
    }
  });

  it("fails preview on an audit directory under /proc at once, where Node's mkdir would spin", async () => {
    await stack.set("cxone:auditDir", "/proc/cxone-audit/x");
    try {
      const preview = await stack.run(["preview"], { allowFailure: true, timeoutMs: 90_000 });
      saysOnce(
        preview,
        'cxone:auditDir: "/proc/cxone-audit/x" cannot be used: /proc is on the kernel\'s proc filesystem, where nothing can be created',
      );
    } finally {
      await stack.run(["config", "rm", "cxone:auditDir"]);
    }
  });

  it("with every setting back, previews the plan", async () => {
    const preview = await stack.run(["preview"]);
    expect(preview.code).to.equal(0);
  });
});

describe("programs the provider must refuse or protect, through the CLI", function () {
  this.timeout(300_000);
  const world = useE2eWorld();

  it("never stores a client secret or signing secret passed as plain strings: 0 hits in export, state files or --debug output", async () => {
    const signing = world.signingSecret;
    const stack = await world.scratch(
      "plain-secrets",
      `const pulumi = require("@pulumi/pulumi");
const { WafWebhook, WebchatSecurityPolicy } = require("../../dist/provider");
const config = new pulumi.Config();
const policy = new WebchatSecurityPolicy("plain", {
  widgetId: "wc-sales-002",
  corsOrigins: ["https://www.example.com"],
  authentication: { requireToken: false },
  // Plain strings, not secrets: the program read them from the environment.
  connection: { baseUrl: config.require("simUrl"), clientId: "demo-client", clientSecret: process.env.PLAIN_CLIENT_SECRET },
});
WafWebhook.forPolicy("waf", policy, { url: config.require("wafUrl"), signingSecret: process.env.PLAIN_SIGNING_SECRET });
module.exports = { digest: policy.policyDigest };
`,
    );
    await stack.set("plain-secrets:simUrl", world.sim.url);
    // The stack's own credentials are not the ones the connection names.
    await stack.set("cxone:clientSecret", "not-this-one", true);
    const env = { PLAIN_CLIENT_SECRET: "demo-secret-0f4c2a", PLAIN_SIGNING_SECRET: signing };
    const outputs: string[] = [];
    for (const args of [
      ["preview", "--debug"],
      ["up", "--yes", "--debug"],
      ["preview", "--debug", "--expect-no-changes"],
      ["refresh", "--yes", "--debug"],
    ])
      outputs.push((await stack.run(args, { env })).output);
    // A refresh without the secret in its environment says where to give it, with placeholders.
    const missing = await stack.run(["refresh", "--yes"], { allowFailure: true });
    outputs.push(missing.output);
    expect(missing.code).to.not.equal(0);
    expect(missing.output).to.contain(
      "connection.clientSecret of the policy of widget wc-sales-002 is needed, and the state keeps only its fingerprint",
    );
    expect(missing.output).to.contain(
      "for example: pulumi config set --secret <the key your program reads> <client secret>, or CXONE_CLIENT_SECRET=<client secret> in the environment",
    );
    expect(missing.output).to.not.contain("[REDACTED]");
    const exported = (await stack.run(["stack", "export"])).stdout;
    const audit = auditText(world.auditDir);
    for (const [where, text] of Object.entries({
      "stack export": exported,
      "state files": backendFiles(world),
      "--debug output": outputs.join("\n"),
      "audit trail": audit,
    })) {
      expect(text.split(env.PLAIN_CLIENT_SECRET).length - 1, `client secret in ${where}`).to.equal(
        0,
      );
      expect(text.split(signing.slice(6)).length - 1, `signing secret in ${where}`).to.equal(0);
    }
    expect(exported).to.contain("ciphertext");
    await stack.run(["destroy", "--yes"], { env });
  });

  it("refuses an unpaired surrogate in the program, which gRPC would silently drop, naming the path", async () => {
    const stack = await world.scratch(
      "surrogate",
      `const { WebchatSecurityPolicy } = require("../../dist/provider");
new WebchatSecurityPolicy("lone", {
  widgetId: "wc-sales-002",
  corsOrigins: ["https://www.example.com"],
  authentication: { requireToken: false },
  rules: [{ id: "r1", action: "block", pattern: "/admin\\uD800x" }],
});
`,
    );
    world.sim.clearLog();
    const preview = await stack.run(["preview"], { allowFailure: true });
    saysOnce(
      preview,
      'WebchatSecurityPolicy "lone": rules[0].pattern: "/admin\\ud800x" contains an unpaired surrogate (U+D800) at index 6',
    );
    expect(world.sim.requests).to.have.length(0);
  });

  it("bounds a webhook's metadata: 10,000 keys fail preview with the bound", async () => {
    const stack = await world.scratch(
      "big-metadata",
      `const pulumi = require("@pulumi/pulumi");
const { WafWebhook } = require("../../dist/provider");
const config = new pulumi.Config();
new WafWebhook("waf", {
  url: config.require("wafUrl"),
  signingSecret: config.requireSecret("wafSigningSecret"),
  widgetId: "wc-sales-002",
  policyDigest: "${"0".repeat(64)}",
  metadata: Object.fromEntries(Array.from({ length: 10000 }, (_, i) => ["k" + i, "v"])),
});
`,
    );
    const attempts = world.waf.attempts.length;
    const preview = await stack.run(["preview"], { allowFailure: true });
    saysOnce(preview, "metadata: has 10000 keys; at most 32 are sent with every event");
    expect(world.waf.attempts).to.have.length(attempts);
  });
});
