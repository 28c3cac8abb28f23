import { expect } from "chai";
import { createRequire } from "node:module";
import {
  CxoneApiError,
  CxoneAuthError,
  DiscoveryError,
  RestoreRefusedError,
  WebhookDeliveryError,
  WidgetNotFoundError,
  WidgetOwnershipError,
} from "../../provider/errors/api-errors";
import {
  isCxoneWebchatError,
  type ErrorKind,
  type ErrorKinds,
} from "../../provider/errors/base-error";
import {
  InvalidArgumentError,
  InvalidSettingError,
  LivePolicyChangedError,
  MissingCredentialsError,
  PolicyValidationError,
  ProgramConfigError,
  TenantCredentialsError,
} from "../../provider/errors/input-errors";
import { NetworkError } from "../../provider/errors/network-errors";
import {
  AuditSinkError,
  EngineGoneError,
  SecretUnavailableError,
  StoredStateError,
} from "../../provider/errors/state-errors";
import { upgradePolicyOutputs } from "../../provider/resources/policy/state";
import { thrown } from "../helpers/rejection";

const details = {
  method: "GET",
  path: "/api/v2/webchat/widgets/w1",
  status: 401,
  statusText: "Unauthorized",
  detail: "token simtok_abc123 refused for client secret s3cr3t-value",
  fieldErrors: [{ field: "authorization", message: "Bearer simtok_abc123 is expired" }],
};

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** Each kind's class; the mapped type makes the compiler demand every kind. */
const CLASSES: { readonly [K in ErrorKind]: ErrorClass<ErrorKinds[K]> } = {
  "invalid-argument": InvalidArgumentError,
  "invalid-setting": InvalidSettingError,
  "live-policy-changed": LivePolicyChangedError,
  "missing-credentials": MissingCredentialsError,
  "policy-validation": PolicyValidationError,
  "program-config": ProgramConfigError,
  "tenant-credentials": TenantCredentialsError,
  "cxone-api": CxoneApiError,
  "cxone-auth": CxoneAuthError,
  discovery: DiscoveryError,
  "restore-refused": RestoreRefusedError,
  "webhook-delivery": WebhookDeliveryError,
  "widget-not-found": WidgetNotFoundError,
  "widget-ownership": WidgetOwnershipError,
  network: NetworkError,
  "audit-sink": AuditSinkError,
  "engine-gone": EngineGoneError,
  "secret-unavailable": SecretUnavailableError,
  "stored-state": StoredStateError,
};

/** One error of each kind, as the package throws it. */
const SAMPLES: { readonly [K in ErrorKind]: ErrorKinds[K] } = {
  "invalid-argument": new InvalidArgumentError('WafWebhook "waf"', [{ path: "url", reason: "x" }]),
  "invalid-setting": new InvalidSettingError("cxone:requestsPerSecond", "abc", "is not a number"),
  "live-policy-changed": new LivePolicyChangedError("w1", "a".repeat(64), { kind: "none" }),
  "missing-credentials": new MissingCredentialsError([
    { what: "clientId", config: ["cxone:clientId"], env: ["CXONE_CLIENT_ID"], connection: [] },
  ]),
  "policy-validation": new PolicyValidationError([{ path: "rules[0]", reason: "x" }]),
  "program-config": new ProgramConfigError("proj:waf", "proj:waf is not an object"),
  "tenant-credentials": new TenantCredentialsError("w1", "a", "b", "a", "Run refresh."),
  "cxone-api": new CxoneApiError(details),
  "cxone-auth": new CxoneAuthError(details),
  discovery: new DiscoveryError("t1", "https://discovery.example/t1", "no answer"),
  "restore-refused": new RestoreRefusedError("w1", new CxoneApiError(details)),
  "webhook-delivery": new WebhookDeliveryError("https://waf/hook", "deployed", 400, 1, "no"),
  "widget-not-found": new WidgetNotFoundError(details, "w1"),
  "widget-ownership": new WidgetOwnershipError("w1", "stack a", "stack b", "taken"),
  network: new NetworkError("https://waf/hook", "POST", "/hook", "timeout", 5, "timed out"),
  "audit-sink": new AuditSinkError("/var/audit", "refused"),
  "engine-gone": new EngineGoneError("127.0.0.1:1"),
  "secret-unavailable": new SecretUnavailableError("the secret", "set it"),
  "stored-state": new StoredStateError("WafWebhook", "is not this package's"),
};

const KINDS = Object.keys(SAMPLES) as ErrorKind[];

/** A second copy of a module, as closure serialization or a second install can load one. */
function secondCopy(module: string): Record<string, unknown> {
  const load = createRequire(__filename);
  const path = load.resolve(module);
  const first = load.cache[path];
  delete load.cache[path];
  try {
    return load(path) as Record<string, unknown>;
  } finally {
    load.cache[path] = first;
  }
}

describe("isCxoneWebchatError", () => {
  for (const kind of KINDS) {
    it(`tells a ${kind} error by its kind, as instanceof would`, () => {
      const sample = SAMPLES[kind];
      expect(sample.kind).to.equal(kind);
      expect(isCxoneWebchatError(sample)).to.equal(true);
      for (const asked of KINDS)
        expect(isCxoneWebchatError(sample, asked), `${kind} asked as ${asked}`).to.equal(
          sample instanceof CLASSES[asked],
        );
    });
  }

  it("counts a token refusal and a missing widget as API answers with a status", () => {
    expect(isCxoneWebchatError(SAMPLES["cxone-auth"], "cxone-api")).to.equal(true);
    expect(isCxoneWebchatError(SAMPLES["widget-not-found"], "cxone-api")).to.equal(true);
    expect(isCxoneWebchatError(SAMPLES["cxone-api"], "widget-not-found")).to.equal(false);
    expect(isCxoneWebchatError(SAMPLES["restore-refused"], "cxone-api")).to.equal(false);
  });

  it("tells an error thrown by a second copy of the module, which instanceof misses", () => {
    const copy = secondCopy("../../provider/errors/api-errors");
    const Copied = copy.WidgetNotFoundError as typeof WidgetNotFoundError;
    const error: unknown = new Copied(details, "w1");
    expect(error instanceof WidgetNotFoundError).to.equal(false);
    expect(isCxoneWebchatError(error, "widget-not-found")).to.equal(true);
    expect(isCxoneWebchatError(error, "cxone-api")).to.equal(true);
    expect(isCxoneWebchatError(error, "network")).to.equal(false);
  });

  it("is false for other errors and values, whatever kind they claim", () => {
    const impostor = Object.assign(new Error("x"), { kind: "widget-not-found" });
    for (const value of [impostor, new Error("x"), null, undefined, "widget-not-found", 404])
      for (const kind of [undefined, ...KINDS])
        expect(
          kind === undefined ? isCxoneWebchatError(value) : isCxoneWebchatError(value, kind),
        ).to.equal(false);
  });
});

describe("CxoneWebchatError", () => {
  it("redacts every message at construction, so that a new throw site cannot forget", () => {
    const error = new WidgetOwnershipError(
      "w1",
      "a",
      "b",
      'failed: Authorization: Bearer abc.def {"client_secret":"xyz"}',
    );
    expect(error.message).to.equal(
      'failed: Authorization: Bearer [REDACTED] {"client_secret":"[REDACTED]"}',
    );
    expect(error.name).to.equal("WidgetOwnershipError");
  });

  it("redacts the secrets it is given from the message and from an API error's fields", () => {
    const error = new CxoneApiError(details, { secrets: ["s3cr3t-value", "simtok_abc123"] });
    const everything = JSON.stringify({ message: error.message, details: error.details });
    expect(everything).to.not.contain("s3cr3t-value");
    expect(everything).to.not.contain("simtok_abc123");
    expect(error.fieldErrors[0]?.message).to.equal("Bearer [REDACTED] is expired");
  });

  it("redacts a WAF's answer before cutting it short, leaving no part of a secret at the cut", () => {
    const secret = "whsec_" + "A".repeat(40);
    const body = "x".repeat(190) + secret;
    const error = new WebhookDeliveryError("https://waf/hook", "deployed", 400, 1, body, {
      secrets: [secret],
    });
    expect(error.message).to.not.match(/AAAA/);
  });

  it("gives the program's own errors a frameless stack that is as redacted as the message", () => {
    const errors = [
      new InvalidArgumentError('WafWebhook "waf"', [
        { path: "metadata.note", reason: "holds whsec_c2VjcmV0LXNpZ25pbmcta2V5 and a NUL" },
      ]),
      new ProgramConfigError(
        "proj:waf",
        "proj:waf: whsec_c2VjcmV0LXNpZ25pbmcta2V5 is not an object",
      ),
    ];
    for (const error of errors) {
      expect(error.stack).to.equal(`${error.name}: ${error.message}`);
      expect(error.stack).to.not.contain("c2VjcmV0");
      expect((error as { __pulumiRunError?: boolean }).__pulumiRunError).to.equal(true);
    }
  });

  it("reading state of an unknown schema version is a typed error that says what to do", () => {
    const error = thrown(() => upgradePolicyOutputs({ schemaVersion: 7 }));
    expect(isCxoneWebchatError(error, "stored-state")).to.equal(true);
    expect(error.message).to.equal(
      "stored WebchatSecurityPolicy state has schemaVersion 7; this version of pulumi-cxone-webchat reads 1 (install the version that wrote it)",
    );
  });
});
