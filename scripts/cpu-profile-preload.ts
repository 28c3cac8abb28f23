/**
 * Profiles the CPU of every Node.js process it is preloaded into, for `npm run bench --
 * --cpu-prof`: `NODE_OPTIONS=--require=<this file>` and BENCH_CPU_PROF_DIR=<dir>. Node refuses
 * `--cpu-prof` in NODE_OPTIONS, and the CLI starts the program and the provider itself, so this
 * is how both get profiled. The profile is written on exit, and on the SIGINT or SIGTERM with
 * which the engine stops a provider, as `<dir>/<script>-<pid>.cpuprofile` (open it in Chrome's
 * DevTools or speedscope).
 */
import { Session } from "node:inspector";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir !== undefined && process.argv[1] !== undefined) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  // The program's and the provider's entry points are both index.js; their folders say which.
  const script = process.argv[1] ?? "node";
  const name = `${basename(dirname(script))}-${basename(script, ".js")}-${process.pid}`;
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-process inspector session answers synchronously, so this completes before exit.
    session.post("Profiler.stop", (error, result) => {
      if (error !== null) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      write();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
}
