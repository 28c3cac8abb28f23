/**
 * mulberry32: a small seeded generator, so that a fault-injection run can be replayed exactly.
 * Returns draws from [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The outcome a draw from [0, 1) lands on, when each outcome has its chance and they are laid
 * end to end; undefined when the draw falls past them all (no fault this time).
 */
export function pickByChance<T>(
  draw: number,
  outcomes: ReadonlyArray<readonly [chance: number | undefined, outcome: T]>,
): T | undefined {
  let edge = 0;
  for (const [chance, outcome] of outcomes) {
    edge += chance ?? 0;
    if (draw < edge) return outcome;
  }
  return undefined;
}
