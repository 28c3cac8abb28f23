import type { LineStore } from "../../provider/audit/audit-sink";

/**
 * A LineStore in memory, for the chain's own logic: which number a writer tries, what it reads
 * after losing, when it gives up. `beforeCreate` runs before each create, so that a test can
 * slip another writer's line in at an exact moment. The real stores are tested on disk and on
 * versitygw.
 */
export class MemoryLineStore implements LineStore {
  readonly location = "memory://test";
  readonly lines = new Map<number, string>();
  hint = 0;
  beforeCreate: (seq: number) => void = () => undefined;

  async get(seq: number): Promise<string | undefined> {
    return this.lines.get(seq);
  }

  async create(seq: number, text: string): Promise<boolean> {
    this.beforeCreate(seq);
    if (this.lines.has(seq)) return false;
    this.lines.set(seq, text);
    return true;
  }

  async headHint(): Promise<number> {
    return this.hint;
  }

  async noteHead(seq: number): Promise<void> {
    this.hint = seq;
  }

  async *list(): AsyncIterable<number> {
    yield* [...this.lines.keys()].sort((a, b) => a - b);
  }
}
