/**
 * A writer process for the race tests: appends `count` lines to the sink at `location` as fast
 * as it can, each naming `writer` and its index, then prints how many it appended and how many
 * sequence numbers it lost to other writers. Run with child_process.fork.
 *
 * Usage: append-worker.js <location> <writer> <count>
 */
import { openSink } from "../../provider/audit/audit-sinks";

async function main(): Promise<void> {
  const [location = "", writer = "", count = "0"] = process.argv.slice(2);
  const sink = openSink(location, "the race test", { env: process.env });
  // Every writer starts together: the parent sends "go" once all are ready.
  await new Promise<void>((resolve) => {
    process.once("message", () => resolve());
    process.send?.("ready");
  });
  const started = Date.now();
  for (let i = 0; i < Number(count); i++) {
    await sink.append(
      {
        resource: "WebchatSecurityPolicy",
        widgetId: `${writer}-${i}`,
        action: "update",
        digestBefore: null,
        digestAfter: null,
        latencyMs: 0,
        outcome: "success",
        requestIds: [writer],
      },
      { time: new Date().toISOString() },
    );
  }
  process.send?.({ writer, appended: Number(count), ms: Date.now() - started });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
