import type { TimeInState } from '../model/agent';
import { normalizeSimulation } from './config';
import { Simulation } from './Simulation';
import { batchMeans, batchesOf, figuresOf, type ChatRecord } from './statistics';
import type { SimulateOptions, SimulationConfig, SimulationResult, TimelinePoint } from './types';

// The simulator configures no wrap-up policy, so `wrapUp` stays 0 and is left out of its report.
const BUCKETS: Array<Exclude<keyof TimeInState, 'wrapUp'>> = ['offline', 'ready', 'busy', 'pausedPaid', 'pausedUnpaid'];

/**
 * Runs a contact-center day in virtual time on the real engine (real machines, router and strategies) and returns
 * its figures: per queue and overall (offered, answered, abandoned, probability of wait, ASA, service level,
 * occupancy), agent time in states, missed offers and unpaid pause time, a timeline per interval, and 95 %
 * confidence intervals by batch means. Chats arriving during the warm-up are simulated but not counted; after
 * `durationSec` no one arrives and the chats still open are played out, so every counted chat has an outcome.
 * The same configuration and seed give an identical result.
 *
 * @example
 * ```ts
 * import { simulate } from 'chatroute/simulation';
 * const result = simulate({
 *   seed: 42, durationSec: 8 * 3600, warmupSec: 1800,
 *   queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 20_000, closeStatuses: ['done'], serviceLevelMs: 20_000 }],
 *   agents: { count: 55, capacity: 1, queues: ['q'] },
 *   arrivals: [{ queueId: 'q', ratePerSec: 0.2 }],
 *   handleTimeSec: { distribution: 'exponential', mean: 240 },
 * });
 * result.overall.serviceLevel; // share answered within 20 s
 * ```
 */
export function simulate(config: SimulationConfig, options: SimulateOptions = {}): SimulationResult {
  const sim = normalizeSimulation(config);
  const run = new Simulation(sim, options.audit !== undefined ? { audit: options.audit } : {});
  run.run(options.onProgress);

  const slSec = new Map(config.queues.map((q) => [q.id, (q.serviceLevelMs ?? 20_000) / 1000]));
  const slSecOf = (queueId: string) => slSec.get(queueId) ?? 20;
  const overall = figuresOf(run.records, slSecOf);
  const queues: Record<string, ReturnType<typeof figuresOf>> = Object.create(null);
  for (const q of config.queues) queues[q.id] = figuresOf(run.records.filter((r: ChatRecord) => r.queueId === q.id), slSecOf);

  const timeInState = { offline: 0, ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0 };
  let slotMs = 0;
  for (const agent of sim.agents) {
    const start = run.timeAtWarmup.get(agent.id) as TimeInState;
    const end = run.timeAtEnd.get(agent.id) as TimeInState;
    for (const bucket of BUCKETS) timeInState[bucket] += (end[bucket] - start[bucket]) / 1000;
    slotMs += agent.capacity * (end.ready - start.ready + end.busy - start.busy);
  }
  const occupancy = slotMs === 0 ? 0 : run.handledChatMs / slotMs;

  const batches = batchesOf(run.records, sim.warmupSec * 1000, sim.durationSec * 1000, sim.batches).map((b) => figuresOf(b, slSecOf));
  const timeline: TimelinePoint[] = run.intervals.map((c, i) => ({
    startSec: i * sim.intervalSec,
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    serviceLevel: c.offered === 0 ? 1 : c.withinSl / c.offered,
    waiting: c.waiting,
    agents: { ...c.agents, paused: c.agents.paused },
  }));

  return {
    durationSec: sim.durationSec,
    warmupSec: sim.warmupSec,
    overall: { ...overall, occupancy },
    queues: { ...queues },
    agents: {
      count: sim.agents.length,
      timeInState,
      occupancy,
      missedOffers: run.missedOffers,
      unpaidPauseSec: timeInState.pausedUnpaid,
    },
    timeline,
    confidence: {
      batches: sim.batches,
      probWait: batchMeans(batches.map((b) => (b.answered > 0 ? b.probWait : Number.NaN))),
      asaSec: batchMeans(batches.map((b) => (b.answered > 0 ? b.asaSec : Number.NaN))),
      serviceLevel: batchMeans(batches.map((b) => (b.offered > 0 ? b.serviceLevel : Number.NaN))),
      abandonRate: batchMeans(batches.map((b) => (b.offered > 0 ? b.abandonRate : Number.NaN))),
    },
    engineEvents: run.engineEvents,
    ...(options.audit !== undefined && options.audit !== false ? { invariants: { violations: run.violationCount, first: run.violations.map(({ invariant, message, evidence, at }) => ({ invariant, message, evidence, at })) } } : {}),
  };
}
