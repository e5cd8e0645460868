import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangC } from 'chatroute/staffing';
import { expectInvalidArgument } from './helpers';

// λ = 1/s and aht = load seconds give an exactly representable offered load.
const queue = (load: number, agents: number) => erlangC({ arrivalRatePerSec: 1, ahtSec: load, agents });

describe('erlangC', () => {
  it('gives P(wait) = 4/9 for 2 Erlangs on 3 agents, with the matching ASA and service level', () => {
    const result = queue(2, 3);
    expect(result.offeredLoad).toBe(2);
    expect(result.probWait).toBeCloseTo(4 / 9, 12);
    expect(result.asaSec).toBeCloseTo(((4 / 9) * 2) / 1, 12);
    expect(result.serviceLevel(2)).toBeCloseTo(1 - (4 / 9) * Math.exp(-1), 12);
    expect(result.occupancy).toBeCloseTo(2 / 3, 15);
  });

  it('gives P(wait) ≈ 0.506 for 95 Erlangs on 100 agents (Tijms)', () => {
    // 40-digit recursion: 0.50645685391302059…
    expect(queue(95, 100).probWait).toBeCloseTo(0.5064568539130206, 13);
  });

  it('reproduces the 360 chats/hour, 3-minute example on 22 agents', () => {
    const result = erlangC({ arrivalRatePerSec: 0.1, ahtSec: 180, agents: 22 });
    // 40-digit references: C = 0.27807810153299525…, SL(20) = 0.82170177484520976…, ASA = 12.513514568984786…
    expect(result.offeredLoad).toBeCloseTo(18, 12);
    expect(result.probWait).toBeCloseTo(0.2780781015329953, 12);
    expect(result.serviceLevel(20)).toBeCloseTo(0.8217017748452098, 12);
    expect(result.asaSec).toBeCloseTo(12.513514568984786, 10);
    expect(result.occupancy).toBeCloseTo(18 / 22, 12);
  });

  it('matches the M/M/1 and M/M/2 closed forms', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (rho, t) => {
        const one = queue(rho, 1);
        expect(one.probWait).toBeCloseTo(rho, 12);
        const asa = (rho * rho) / (1 - rho);
        expect(Math.abs(one.asaSec - asa) / asa).toBeLessThan(1e-11);
        expect(one.serviceLevel(t)).toBeCloseTo(1 - rho * Math.exp((-(1 - rho) * t) / rho), 12);
        expect(queue(2 * rho, 2).probWait).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
      }),
    );
  });

  it('stays finite and accurate for hundreds and thousands of agents', () => {
    // 40-digit reference for A = 900, N = 950: 0.062097832488531257…
    expect(queue(900, 950).probWait).toBeCloseTo(0.0620978324885313, 13);
    for (const [load, agents] of [[900, 950], [9_000, 9_100], [50_000, 50_200]] as const) {
      const result = queue(load, agents);
      expect(result.probWait).toBeGreaterThan(0);
      expect(result.probWait).toBeLessThan(1);
      expect(Number.isFinite(result.asaSec)).toBe(true);
      expect(result.serviceLevel(20)).toBeGreaterThanOrEqual(1 - result.probWait);
    }
  });

  it('reports the limits instead of throwing when agents do not exceed the load', () => {
    for (const [load, agents] of [[3, 3], [10, 4]] as const) {
      const result = queue(load, agents);
      expect(result.probWait).toBe(1);
      expect(result.asaSec).toBe(Infinity);
      expect(result.serviceLevel(0)).toBe(0);
      expect(result.serviceLevel(1e6)).toBe(0);
      expect(result.occupancy).toBe(1);
    }
  });

  it('answers everyone at once when nothing arrives', () => {
    const result = erlangC({ arrivalRatePerSec: 0, ahtSec: 180, agents: 1 });
    expect(result).toMatchObject({ offeredLoad: 0, probWait: 0, asaSec: 0, occupancy: 0 });
    expect(result.serviceLevel(0)).toBe(1);
  });

  it('keeps P(wait) in [0, 1] and decreasing in agents', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1500, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (load, agents) => {
        const fewer = queue(load, agents).probWait;
        const more = queue(load, agents + 1).probWait;
        expect(fewer).toBeGreaterThanOrEqual(0);
        expect(fewer).toBeLessThanOrEqual(1);
        expect(more).toBeLessThanOrEqual(fewer);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the service level in [0, 1], nondecreasing in t, starting at 1 − P(wait)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 600 }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        (load, agents, t1, t2) => {
          const result = erlangC({ arrivalRatePerSec: load / 120, ahtSec: 120, agents });
          const [early, late] = [result.serviceLevel(Math.min(t1, t2)), result.serviceLevel(Math.max(t1, t2))];
          expect(early).toBeGreaterThanOrEqual(0);
          expect(late).toBeLessThanOrEqual(1);
          expect(late).toBeGreaterThanOrEqual(early);
          expect(result.serviceLevel(0)).toBeCloseTo(1 - result.probWait, 14);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects arguments outside their domain', () => {
    const ok = { arrivalRatePerSec: 0.1, ahtSec: 180, agents: 20 };
    for (const arrivalRatePerSec of [-0.1, Number.NaN, Infinity]) expectInvalidArgument(() => erlangC({ ...ok, arrivalRatePerSec }));
    for (const ahtSec of [0, -5, Number.NaN, Infinity]) expectInvalidArgument(() => erlangC({ ...ok, ahtSec }));
    for (const agents of [0, -1, 1.5, Number.NaN]) expectInvalidArgument(() => erlangC({ ...ok, agents }));
    expectInvalidArgument(() => erlangC({ ...ok, arrivalRatePerSec: 1e300, ahtSec: 1e300 }));
    const result = erlangC(ok);
    for (const t of [-1, Number.NaN]) expectInvalidArgument(() => result.serviceLevel(t));
    expect(expectInvalidArgument(() => erlangC({ ...ok, ahtSec: 0 }))).toBe('erlangC: ahtSec must be a finite number > 0, got 0');
  });
});
