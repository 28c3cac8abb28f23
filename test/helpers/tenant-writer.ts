/**
 * A writer process for the shared-tenant tests: sets the security policy of each of its widgets
 * on the tenant at `baseUrl`, all at once, through a CxoneClient with the default pacing (the
 * `adaptive` mode, as `pulumi up` has), as an operator's provider process does. It waits for
 * "go" from the parent, then sends back how many writes failed. Run with child_process.fork.
 *
 * Usage: tenant-writer.js <baseUrl> <clientId> <clientSecret> <widgetId>...
 */
import { CxoneClient } from "../../provider/cxone/client";
import { parsePolicy } from "../../provider/policy/validate";

async function main(): Promise<void> {
  const [baseUrl = "", clientId = "", clientSecret = "", ...widgets] = process.argv.slice(2);
  const client = new CxoneClient({
    tenant: { baseUrl },
    credentials: { kind: "client-credentials", values: { clientId, clientSecret } },
    rateLimit: { requestsPerSecond: 10 },
  });
  const policy = parsePolicy({
    corsOrigins: ["https://shop.example.com"],
    authentication: { requireToken: false },
  });
  await new Promise<void>((resolve) => {
    process.once("message", () => resolve());
    process.send?.("ready");
  });
  const outcomes = await Promise.allSettled(
    widgets.map((id) => client.setSecurityPolicy(id, policy)),
  );
  const failed = outcomes.filter((o) => o.status === "rejected");
  for (const f of failed) console.error(f.reason);
  process.send?.({ failed: failed.length });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
