import type { Clock } from "../../provider/time/clock";

/**
 * A clock whose sleeps return at once, advance time and are recorded, and whose draws are
 * `draw`'s (0.5, the middle of every jitter, unless a test says otherwise).
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(
    public time = Date.UTC(2026, 10, 24, 12, 0, 0),
    public draw: () => number = () => 0.5,
  ) {}

  random(): number {
    return this.draw();
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}
