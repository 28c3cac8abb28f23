#!/usr/bin/env node
import { CxoneSimulator } from "./cxone-simulator";
import { parseSimulatorCommand, SIMULATOR_HELP } from "./cli-options";

async function main(): Promise<void> {
  const command = parseSimulatorCommand(process.argv.slice(2), process.env);
  if (command.help) {
    console.log(SIMULATOR_HELP);
    return;
  }
  const simulator = new CxoneSimulator({ ...command.options, log: (line) => console.log(line) });
  await simulator.start();
  console.log(
    `CXone simulator listening on ${simulator.url} (tenant ${command.options.tenantId}; widgets: ${simulator.widgets.ids().join(", ")})`,
  );
  const shutdown = () => void simulator.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
