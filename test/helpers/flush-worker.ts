/**
 * A process that dies mid-flush, for the tests of a spooled line written twice: it flushes the
 * spool of the sink at `location` and kills itself with SIGKILL the moment the first spooled line
 * is in the sink, before its entry leaves the spool. The sink is wrapped, not the trail: the
 * trail runs as it does in a provider. Run with child_process.fork; the parent expects SIGKILL.
 *
 * Usage: flush-worker.js <location> <spool root>
 */
import type { AuditEvent, AuditLine, ChainLink, LineContext } from "../../provider/audit/audit-log";
import type { AuditSink } from "../../provider/audit/audit-sink";
import { openSink } from "../../provider/audit/audit-sinks";
import { AuditSpool } from "../../provider/audit/audit-spool";
import { AuditTrail } from "../../provider/audit/audit-trail";

/** A sink whose process dies right after it has written a spooled line. */
class DyingSink implements AuditSink {
  constructor(private readonly sink: AuditSink) {}

  get location(): string {
    return this.sink.location;
  }

  async append(event: AuditEvent, context: LineContext): Promise<AuditLine> {
    const line = await this.sink.append(event, context);
    if (context.spoolId !== undefined) process.kill(process.pid, "SIGKILL");
    return line;
  }

  head(): Promise<ChainLink | undefined> {
    return this.sink.head();
  }

  line(seq: number): Promise<ChainLink | undefined> {
    return this.sink.line(seq);
  }

  headHint(): Promise<number> {
    return this.sink.headHint();
  }

  read(): AsyncIterable<ChainLink> {
    return this.sink.read();
  }
}

const [location = "", spoolRoot = ""] = process.argv.slice(2);
const trail = new AuditTrail({
  sink: new DyingSink(openSink(location, "the flush worker", { env: process.env })),
  spool: new AuditSpool(spoolRoot, location),
});
trail.flush().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
