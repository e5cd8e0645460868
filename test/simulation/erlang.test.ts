import { describe, expect, it } from 'vitest';
import { simulate, type SimulationConfig } from 'chatroute/simulation';
import { erlangA, erlangC } from 'chatroute/staffing';

/** An M/M/N(+M) center: one queue, capacity-1 agents answering at once, Poisson arrivals, exponential handling. */
function center(agents: number, load: number, options: { patienceSec?: number; seed: number; hours: number }): SimulationConfig {
  const ahtSec = 180;
  return {
    seed: options.seed,
    durationSec: options.hours * 3600,
    warmupSec: 3600,
    queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 60_000, closeStatuses: ['done'], serviceLevelMs: 20_000 }],
    agents: { count: agents, capacity: 1, queues: ['q'] },
    arrivals: [{ queueId: 'q', ratePerSec: load / ahtSec }],
    handleTimeSec: { distribution: 'exponential', mean: ahtSec },
    ...(options.patienceSec !== undefined ? { patienceSec: { distribution: 'exponential', mean: options.patienceSec } } : {}),
    batches: 20,
  };
}

const within = (value: number, ci: { low: number; high: number }) => value >= ci.low && value <= ci.high;

describe('simulation agrees with queueing theory', () => {
  // Light, 85 % and 95 % occupancy. Agent counts grow with load so waits stay measurable in a few simulated hours.
  it.each([
    { name: 'light (50 %)', agents: 10, load: 5, seed: 1, hours: 25 },
    { name: '85 %', agents: 20, load: 17, seed: 2, hours: 25 },
    { name: '95 %', agents: 60, load: 57, seed: 3, hours: 25 },
  ])('Erlang C falls within the 95 % batch-means intervals: $name', ({ agents, load, seed, hours }) => {
    const result = simulate(center(agents, load, { seed, hours }));
    const theory = erlangC({ arrivalRatePerSec: load / 180, ahtSec: 180, agents });
    const { probWait, asaSec, serviceLevel } = result.confidence;
    expect(result.overall.abandoned).toBe(0);
    expect(result.overall.answered).toBe(result.overall.offered);
    expect(within(theory.probWait, probWait), `P(wait) ${theory.probWait} in [${probWait.low}, ${probWait.high}]`).toBe(true);
    expect(within(theory.asaSec, asaSec), `ASA ${theory.asaSec} in [${asaSec.low}, ${asaSec.high}]`).toBe(true);
    expect(within(theory.serviceLevel(20), serviceLevel), `SL ${theory.serviceLevel(20)} in [${serviceLevel.low}, ${serviceLevel.high}]`).toBe(true);
    // Occupancy is a plain average over many hours: close to A/N.
    expect(result.overall.occupancy).toBeCloseTo(theory.occupancy, 1);
  });

  it.each([
    { name: '85 % with patience 120 s', agents: 20, load: 17, patienceSec: 120, seed: 4 },
    { name: 'overloaded (110 %) with patience 60 s', agents: 20, load: 22, patienceSec: 60, seed: 5 },
  ])('the abandonment rate matches Erlang A: $name', ({ agents, load, patienceSec, seed }) => {
    const result = simulate(center(agents, load, { patienceSec, seed, hours: 25 }));
    const theory = erlangA({ arrivalRatePerSec: load / 180, ahtSec: 180, patienceSec, agents });
    const { abandonRate } = result.confidence;
    expect(within(theory.probAbandon, abandonRate), `P(abandon) ${theory.probAbandon} in [${abandonRate.low}, ${abandonRate.high}]`).toBe(true);
    expect(result.overall.abandoned).toBeGreaterThan(0);
  });

  it('the same seed gives an identical result object; another seed a different one', () => {
    const config = center(10, 8, { seed: 9, hours: 3, patienceSec: 90 });
    expect(simulate(config)).toEqual(simulate(config));
    expect(simulate({ ...config, seed: 10 })).not.toEqual(simulate(config));
  });
});
