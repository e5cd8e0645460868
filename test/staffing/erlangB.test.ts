import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB } from 'chatroute/staffing';
import { expectInvalidArgument } from './helpers';

// Σ Aⁿ/n! is exact enough for small N; the production code never forms it, so it is an independent check.
function erlangBByDefinition(offeredLoad: number, agents: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= agents; n++) {
    term *= offeredLoad / n;
    sum += term;
  }
  return term / sum;
}

describe('erlangB', () => {
  it('gives 1/2 for one Erlang on one agent', () => {
    expect(erlangB({ offeredLoad: 1, agents: 1 })).toBe(0.5);
  });

  it('follows the recursion by hand: A = 2, N = 3 gives 2/3, 2/5, then 4/19', () => {
    expect(erlangB({ offeredLoad: 2, agents: 1 })).toBeCloseTo(2 / 3, 15);
    expect(erlangB({ offeredLoad: 2, agents: 2 })).toBeCloseTo(2 / 5, 15);
    expect(erlangB({ offeredLoad: 2, agents: 3 })).toBeCloseTo(4 / 19, 15);
  });

  it('matches published tables (A = 10, N = 10 ≈ 0.2146; 25 Erlangs on 30 lines ≈ 0.05)', () => {
    // 40-digit references: 0.21458234310734734…, 0.05260317222814061…
    expect(erlangB({ offeredLoad: 10, agents: 10 })).toBeCloseTo(0.2145823431073473, 14);
    expect(erlangB({ offeredLoad: 25, agents: 30 })).toBeCloseTo(0.0526031722281406, 14);
    expect(erlangB({ offeredLoad: 5, agents: 10 })).toBeCloseTo(0.0183845703366481, 14);
  });

  it('stays accurate where factorials overflow (A = 900, N = 950; A = N = 10 000)', () => {
    expect(erlangB({ offeredLoad: 900, agents: 950 })).toBeCloseTo(0.0034725982823362, 13);
    expect(erlangB({ offeredLoad: 10_000, agents: 10_000 })).toBeCloseTo(0.0079365632488057, 13);
  });

  it('blocks everything with no agents and nothing with no load', () => {
    expect(erlangB({ offeredLoad: 3, agents: 0 })).toBe(1);
    expect(erlangB({ offeredLoad: 0, agents: 4 })).toBe(0);
    expect(erlangB({ offeredLoad: 1e-3, agents: 100_000 })).toBe(0);
  });

  it('agrees with Aᴺ/N! / Σ Aⁿ/n! for small N', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 60, noNaN: true }), fc.integer({ min: 0, max: 30 }), (load, agents) => {
        const expected = erlangBByDefinition(load, agents);
        expect(Math.abs(erlangB({ offeredLoad: load, agents }) - expected)).toBeLessThan(1e-12);
      }),
    );
  });

  it('is a probability that falls as agents are added and rises with load', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 2000, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        (load, agents) => {
          const blocking = erlangB({ offeredLoad: load, agents });
          expect(blocking).toBeGreaterThanOrEqual(0);
          expect(blocking).toBeLessThanOrEqual(1);
          expect(erlangB({ offeredLoad: load, agents: agents + 1 })).toBeLessThanOrEqual(blocking);
          expect(erlangB({ offeredLoad: load * 1.1, agents })).toBeGreaterThanOrEqual(blocking);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects loads and agent counts outside their domain', () => {
    for (const offeredLoad of [-1, Number.NaN, Infinity]) expectInvalidArgument(() => erlangB({ offeredLoad, agents: 1 }));
    for (const agents of [-1, 2.5, Number.NaN, Infinity]) expectInvalidArgument(() => erlangB({ offeredLoad: 1, agents }));
  });

  it('says what was wrong and what is allowed', () => {
    expect(() => erlangB({ offeredLoad: 1, agents: 2.5 })).toThrow('erlangB: agents must be an integer >= 0, got 2.5');
  });
});
