/**
 * A source of uniform numbers in [0, 1). Inject one wherever chance is involved, so runs are reproducible.
 */
export type RandomSource = () => number;

/**
 * A {@link RandomSource} whose state can be read and restored, so a durable engine replays the same draws after a
 * restart. {@link createRandom} returns one.
 *
 * @example
 * ```ts
 * import { createRandom } from 'chatroute';
 * const random = createRandom(7);
 * const saved = random.getState();
 * const a = random();
 * random.setState(saved);
 * random() === a; // true
 * ```
 */
export interface SeededRandom extends RandomSource {
  /** The generator's internal state: four 32-bit words. */
  getState(): readonly number[];
  /** Puts the generator back into a state read with {@link SeededRandom.getState}. */
  setState(state: readonly number[]): void;
}

/**
 * Creates a seeded pseudo-random generator (sfc32, seeded through splitmix32): fast, 128-bit state, and the
 * same sequence for the same seed on every platform. Not for cryptography.
 *
 * @param seed - any 32-bit integer; other numbers are truncated.
 * @example
 * ```ts
 * import { createEngine, createRandom } from 'chatroute';
 * const engine = createEngine({ random: createRandom(42), queues: [], agents: [] });
 * ```
 */
export function createRandom(seed: number): SeededRandom {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
  return Object.assign(next, {
    getState: (): readonly number[] => [a, b, c, d],
    setState: (state: readonly number[]): void => {
      [a, b, c, d] = state.map((word) => word >>> 0) as [number, number, number, number];
    },
  });
}
