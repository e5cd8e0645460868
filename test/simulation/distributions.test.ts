import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatrouteError, createRandom } from 'chatroute';
import { createSampler, meanOf, type Distribution } from 'chatroute/simulation';

const sampleMean = (spec: Distribution, n = 40_000, seed = 1) => {
  const draw = createSampler(spec, createRandom(seed), 'test');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum / n;
};

describe('distributions', () => {
  it.each<Distribution>([
    { distribution: 'exponential', mean: 240 },
    { distribution: 'lognormal', mean: 300, sd: 200 },
    { distribution: 'fixed', value: 42 },
    { distribution: 'empirical', values: [10, 20, 60] },
  ])('samples around the declared mean: %j', (spec) => {
    expect(Math.abs(sampleMean(spec) - meanOf(spec)) / meanOf(spec)).toBeLessThan(0.02);
  });

  it('lognormal has the declared standard deviation', () => {
    const draw = createSampler({ distribution: 'lognormal', mean: 300, sd: 200 }, createRandom(3), 'x');
    const xs = Array.from({ length: 60_000 }, draw);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(sd - 200) / 200).toBeLessThan(0.05);
  });

  it('never samples a negative or non-finite duration, and is reproducible per seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1e4, noNaN: true }), (seed, mean) => {
        const a = createSampler({ distribution: 'exponential', mean }, createRandom(seed), 'x');
        const b = createSampler({ distribution: 'exponential', mean }, createRandom(seed), 'x');
        for (let i = 0; i < 20; i++) {
          const v = a();
          expect(Number.isFinite(v) && v >= 0).toBe(true);
          expect(b()).toBe(v);
        }
      }),
    );
  });

  it('refuses malformed distributions with invalid-config', () => {
    for (const bad of [{ distribution: 'gamma', mean: 1 }, { distribution: 'exponential', mean: -1 }, { distribution: 'empirical', values: [] }]) {
      try {
        createSampler(bad as Distribution, createRandom(1), 'handleTimeSec');
        expect.unreachable();
      } catch (error) {
        expect(ChatrouteError.is(error) && error.code === 'invalid-config' && error.message.startsWith('handleTimeSec')).toBe(true);
      }
    }
  });
});
