import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentsFor, erlangA, erlangC, type AgentsForInput, type ErlangCResult } from 'chatroute/staffing';
import { expectInvalidArgument } from './helpers';

// The definition, by brute force from one agent: the first N whose figures meet every goal.
function smallestByScan(input: AgentsForInput): number {
  const { arrivalRatePerSec, ahtSec, patienceSec, maxOccupancy, serviceLevel } = input;
  for (let agents = 1; ; agents++) {
    const result: ErlangCResult =
      patienceSec === undefined
        ? erlangC({ arrivalRatePerSec, ahtSec, agents })
        : erlangA({ arrivalRatePerSec, ahtSec, patienceSec, agents });
    const stable = patienceSec !== undefined || agents > result.offeredLoad;
    const inTime = result.serviceLevel(serviceLevel.withinSec) >= serviceLevel.target;
    if (stable && inTime && (maxOccupancy === undefined || result.occupancy <= maxOccupancy)) return agents;
  }
}

const classic = { arrivalRatePerSec: 0.1, ahtSec: 180, serviceLevel: { target: 0.8, withinSec: 20 } };

describe('agentsFor', () => {
  it('staffs 360 chats/hour of 3 minutes at 80/20 with 22 agents: 21 fall short, 22 pass', () => {
    const plan = agentsFor(classic);
    expect(plan.agents).toBe(22);
    expect(erlangC({ ...classic, agents: 21 }).serviceLevel(20)).toBeLessThan(0.8); // ≈ 0.7163
    const at22 = erlangC({ ...classic, agents: 22 });
    expect(at22.serviceLevel(20)).toBeGreaterThanOrEqual(0.8); // ≈ 0.8217
    expect(plan).toEqual({
      agents: 22,
      probWait: at22.probWait,
      serviceLevel: at22.serviceLevel(20),
      asaSec: at22.asaSec,
      occupancy: at22.occupancy,
    });
  });

  it('adds agents until occupancy is under the cap', () => {
    // 18 Erlangs at most 80% busy needs N >= 22.5, although 22 agents already meet 80/20.
    const plan = agentsFor({ ...classic, maxOccupancy: 0.8 });
    expect(plan.agents).toBe(23);
    expect(plan.occupancy).toBeLessThanOrEqual(0.8);
    expect(erlangC({ ...classic, agents: 22 }).occupancy).toBeGreaterThan(0.8);
  });

  it('staffs with Erlang A when patience is given: fewer agents, because abandoned chats leave the queue', () => {
    const plan = agentsFor({ ...classic, patienceSec: 120 });
    expect(plan.agents).toBe(20);
    const at = (agents: number) => erlangA({ ...classic, patienceSec: 120, agents });
    expect(at(19).serviceLevel(20)).toBeLessThan(0.8);
    expect(plan.serviceLevel).toBe(at(20).serviceLevel(20));
    expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.8);
  });

  it('can staff below the offered load with Erlang A, where Erlang C never can', () => {
    // 100 Erlangs, patience 10 s: short-lived queues make 80/20 reachable while ~20% abandon.
    const input = { arrivalRatePerSec: 1, ahtSec: 100, patienceSec: 10, serviceLevel: { target: 0.8, withinSec: 20 } };
    const plan = agentsFor(input);
    expect(plan.agents).toBe(smallestByScan(input));
    expect(plan.agents).toBeLessThan(100);
    expect(agentsFor({ ...input, patienceSec: undefined }).agents).toBeGreaterThan(100);
  });

  it('equals the brute-force definition, with and without patience and occupancy caps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 30, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        fc.option(fc.double({ min: 0.5, max: 1, noNaN: true }), { nil: undefined }),
        fc.option(fc.double({ min: 5, max: 600, noNaN: true }), { nil: undefined }),
        (arrivalRatePerSec, ahtSec, target, withinSec, maxOccupancy, patienceSec) => {
          const input = { arrivalRatePerSec, ahtSec, serviceLevel: { target, withinSec }, maxOccupancy, patienceSec };
          expect(agentsFor(input).agents).toBe(smallestByScan(input));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never needs fewer agents for more load or a stricter target', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 1.5, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.option(fc.double({ min: 10, max: 600, noNaN: true }), { nil: undefined }),
        (arrivalRatePerSec, growth, target, patienceSec) => {
          const input = { arrivalRatePerSec, ahtSec: 150, serviceLevel: { target, withinSec: 20 }, patienceSec };
          const base = agentsFor(input).agents;
          expect(agentsFor({ ...input, arrivalRatePerSec: arrivalRatePerSec * growth }).agents).toBeGreaterThanOrEqual(base);
          const stricter = { target: target + (1 - target) / 2, withinSec: 20 };
          expect(agentsFor({ ...input, serviceLevel: stricter }).agents).toBeGreaterThanOrEqual(base);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('handles ten thousand Erlangs exactly: N − 1 fails, N passes', () => {
    const input = { arrivalRatePerSec: 50, ahtSec: 200, serviceLevel: { target: 0.9, withinSec: 15 } };
    const { agents } = agentsFor(input);
    expect(erlangC({ ...input, agents: agents - 1 }).serviceLevel(15)).toBeLessThan(0.9);
    expect(erlangC({ ...input, agents }).serviceLevel(15)).toBeGreaterThanOrEqual(0.9);
  });

  it('needs one agent when nothing arrives', () => {
    expect(agentsFor({ ...classic, arrivalRatePerSec: 0 })).toMatchObject({ agents: 1, serviceLevel: 1, occupancy: 0 });
    expect(agentsFor({ ...classic, arrivalRatePerSec: 0, patienceSec: 60 }).agents).toBe(1);
  });

  it('rejects goals that are out of range or unreachable', () => {
    const goal = (target: number, withinSec = 20) => ({ ...classic, serviceLevel: { target, withinSec } });
    for (const target of [1, 1.2, -0.1, Number.NaN]) expectInvalidArgument(() => agentsFor(goal(target)));
    for (const withinSec of [-1, Number.NaN]) expectInvalidArgument(() => agentsFor(goal(0.8, withinSec)));
    for (const maxOccupancy of [0, 1.01, Number.NaN]) expectInvalidArgument(() => agentsFor({ ...classic, maxOccupancy }));
    for (const patienceSec of [0, Infinity]) expectInvalidArgument(() => agentsFor({ ...classic, patienceSec }));
    expectInvalidArgument(() => agentsFor({ ...classic, ahtSec: 0 }));
    expectInvalidArgument(() => agentsFor({ ...classic, arrivalRatePerSec: -1 }));
    const untyped = { arrivalRatePerSec: 0.1, ahtSec: 180 } as unknown as AgentsForInput;
    expect(expectInvalidArgument(() => agentsFor(untyped))).toContain('serviceLevel.target');
  });
});
