import type { Clock } from "../../provider/http/clock";

/** A clock whose sleeps return at once, advance time and are recorded. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public time = Date.UTC(2026, 10, 24, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}
