import { PolicyPack } from "@pulumi/policy";
import { GUARDRAIL_POLICIES, PACK_NAME } from "./policies";

// The entry point the CLI runs (through package.json's main): constructing the pack starts the
// analyzer server, so nothing else imports this module; tests import ./policies.
new PolicyPack(PACK_NAME, {
  description: "Organization guardrails for pulumi-cxone-webchat's webchat security policies.",
  policies: GUARDRAIL_POLICIES,
});
