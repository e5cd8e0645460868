import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangA, erlangC } from 'chatroute/staffing';
import { referenceErlangA } from './birthDeathReference';
import { expectInvalidArgument } from './helpers';

const relative = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('erlangA', () => {
  it('matches a brute-force solution of the truncated chain and of the tagged chat, one agent', () => {
    for (const [lambda, aht, patience] of [[1 / 60, 60, 90], [1 / 20, 60, 30], [1 / 200, 60, 600]] as const) {
      const reference = referenceErlangA(lambda, aht, patience, 1, 80);
      const result = erlangA({ arrivalRatePerSec: lambda, ahtSec: aht, patienceSec: patience, agents: 1 });
      expect(result.probWait).toBeCloseTo(reference.probWait, 12);
      expect(result.probAbandon).toBeCloseTo(reference.probAbandon, 12);
      expect(relative(result.meanWaitSec, reference.meanWaitSec)).toBeLessThan(1e-12);
      expect(relative(result.asaSec, reference.asaSec)).toBeLessThan(1e-12);
      for (const t of [0, 5, 20, 60, 300]) expect(result.serviceLevel(t)).toBeCloseTo(reference.serviceLevel(t), 12);
    }
  });

  it('matches the brute force with several agents, under and over load', () => {
    for (const [lambda, aht, patience, agents] of [[0.05, 300, 30, 12], [0.1, 180, 120, 10]] as const) {
      const reference = referenceErlangA(lambda, aht, patience, agents, 150);
      const result = erlangA({ arrivalRatePerSec: lambda, ahtSec: aht, patienceSec: patience, agents });
      expect(result.probWait).toBeCloseTo(reference.probWait, 12);
      expect(result.probAbandon).toBeCloseTo(reference.probAbandon, 12);
      expect(relative(result.asaSec, reference.asaSec)).toBeLessThan(1e-12);
      for (const t of [5, 20, 60]) expect(result.serviceLevel(t)).toBeCloseTo(reference.serviceLevel(t), 12);
    }
  });

  it('reproduces pinned high-precision values (250-digit product form and hypoexponential sums)', () => {
    // λ = 0.1/s, AHT 180 s, patience 120 s, 18 agents: the Erlang C queue would be unstable.
    const result = erlangA({ arrivalRatePerSec: 0.1, ahtSec: 180, patienceSec: 120, agents: 18 });
    expect(result.probWait).toBeCloseTo(0.4845890367679138, 13);
    expect(result.probAbandon).toBeCloseTo(0.1029367821100067, 13);
    expect(result.meanWaitSec).toBeCloseTo(12.352413853200806, 11);
    expect(result.asaSec).toBeCloseTo(11.29911265126299, 11);
    expect(result.serviceLevel(20)).toBeCloseTo(0.6957861226474549, 13);
    expect(result.occupancy).toBeCloseTo(0.8970632178899933, 13);
    // 150 agents on 200 Erlangs: a quarter of the chats must abandon.
    const overloaded = erlangA({ arrivalRatePerSec: 2, ahtSec: 100, patienceSec: 60, agents: 150 });
    expect(overloaded.probWait).toBeCloseTo(0.9980675362786361, 13);
    expect(overloaded.probAbandon).toBeCloseTo(0.250034572718442, 13);
    expect(overloaded.asaSec).toBeCloseTo(16.932084889598396, 10);
    expect(overloaded.serviceLevel(20)).toBeCloseTo(0.5187676769619802, 13);
  });

  it('converges to Erlang C as patience grows', () => {
    const c = erlangC({ arrivalRatePerSec: 0.1, ahtSec: 180, agents: 22 });
    // The gap is first order in 1/patience (θ), so each factor 100 in patience should shrink it about 100-fold.
    const gaps = [1e3, 1e5, 1e7, 1e9].map((patienceSec) => {
      const a = erlangA({ arrivalRatePerSec: 0.1, ahtSec: 180, patienceSec, agents: 22 });
      return Math.max(relative(a.probWait, c.probWait), relative(a.asaSec, c.asaSec), Math.abs(a.serviceLevel(20) - c.serviceLevel(20)));
    });
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1]! / 50);
    expect(gaps[3]).toBeLessThan(1e-6);
  });

  it('stays finite in heavy overload and for a thousand agents', () => {
    // 1000 Erlangs on 500 agents: nearly everyone waits and, by rate balance, about half abandon.
    const overload = erlangA({ arrivalRatePerSec: 10, ahtSec: 100, patienceSec: 60, agents: 500 });
    expect(overload.probWait).toBeCloseTo(1, 9);
    expect(overload.probAbandon).toBeCloseTo(0.5, 9);
    expect(overload.occupancy).toBeCloseTo(1, 9);
    const large = erlangA({ arrivalRatePerSec: 5, ahtSec: 180, patienceSec: 300, agents: 1000 });
    expect(large.probWait).toBeCloseTo(0.0005649545879450571, 15);
    expect(large.probAbandon).toBeCloseTo(3.081312694126844e-6, 17);
  });

  it('keeps its figures consistent: probabilities in [0, 1], SL from 1 − P(wait) up to 1 − P(abandon)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.double({ min: 10, max: 600, noNaN: true }),
        fc.double({ min: 5, max: 900, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        (arrivalRatePerSec, ahtSec, patienceSec, agents, t1, t2) => {
          const result = erlangA({ arrivalRatePerSec, ahtSec, patienceSec, agents });
          for (const p of [result.probWait, result.probAbandon, result.occupancy]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(result.probAbandon).toBeLessThanOrEqual(result.probWait + 1e-12);
          expect(result.meanWaitSec).toBeGreaterThanOrEqual(0);
          expect(result.serviceLevel(0)).toBeCloseTo(1 - result.probWait, 12);
          // SL(∞) counts answered chats one k at a time; 1 − θ·E[queue]/λ comes from rate balance instead.
          expect(result.serviceLevel(Infinity)).toBeCloseTo(1 - result.probAbandon, 10);
          const [early, late] = [result.serviceLevel(Math.min(t1, t2)), result.serviceLevel(Math.max(t1, t2))];
          // Equal up to rounding (~1e-14 from hundreds of summed states) when t1 and t2 are ulps apart.
          expect(late).toBeGreaterThanOrEqual(early - 1e-12);
          expect(early).toBeGreaterThanOrEqual(0);
          expect(late).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('waits less as agents are added', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 300, noNaN: true }), fc.integer({ min: 1, max: 400 }), (load, agents) => {
        const at = (n: number) => erlangA({ arrivalRatePerSec: load / 200, ahtSec: 200, patienceSec: 90, agents: n });
        const [fewer, more] = [at(agents), at(agents + 1)];
        expect(more.probWait).toBeLessThanOrEqual(fewer.probWait + 1e-12);
        expect(more.probAbandon).toBeLessThanOrEqual(fewer.probAbandon + 1e-12);
        expect(more.serviceLevel(20)).toBeGreaterThanOrEqual(fewer.serviceLevel(20) - 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('answers everyone at once when nothing arrives', () => {
    const result = erlangA({ arrivalRatePerSec: 0, ahtSec: 180, patienceSec: 60, agents: 2 });
    expect(result).toMatchObject({ probWait: 0, probAbandon: 0, meanWaitSec: 0, asaSec: 0, occupancy: 0 });
    expect(result.serviceLevel(0)).toBe(1);
  });

  it('rejects arguments outside their domain', () => {
    const ok = { arrivalRatePerSec: 0.1, ahtSec: 180, patienceSec: 60, agents: 20 };
    for (const patienceSec of [0, -1, Number.NaN, Infinity]) expectInvalidArgument(() => erlangA({ ...ok, patienceSec }));
    for (const arrivalRatePerSec of [-1, Number.NaN]) expectInvalidArgument(() => erlangA({ ...ok, arrivalRatePerSec }));
    for (const agents of [0, 2.5]) expectInvalidArgument(() => erlangA({ ...ok, agents }));
    expectInvalidArgument(() => erlangA({ ...ok, ahtSec: -180 }));
    for (const t of [-1, Number.NaN]) expectInvalidArgument(() => erlangA(ok).serviceLevel(t));
  });
});
