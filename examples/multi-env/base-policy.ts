import type { RuleArgs } from "pulumi-cxone-webchat";

/**
 * What every environment's policy starts from. Environments add origins and rules; they do not
 * weaken the base (token authentication stays on, the base rules stay first).
 */
export const basePolicy = {
  authentication: { requireToken: true, tokenExpiryMinutes: 60 },
  rules: [
    { id: "block-admin", action: "block", pattern: "/admin/*" },
    { id: "log-all-logins", action: "log", pattern: "/login*" },
  ] satisfies RuleArgs[],
};
