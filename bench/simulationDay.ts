import { simulate, type SimulationConfig } from 'chatroute/simulation';

/** A 24 h day of 300 capacity-1 agents at about 93 % occupancy: about 100,000 chats. */
export const dayOf300: SimulationConfig = {
  seed: 1,
  durationSec: 24 * 3600,
  warmupSec: 1800,
  queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 20_000, closeStatuses: ['done'], serviceLevelMs: 20_000 }],
  agents: { count: 300, capacity: 1, queues: ['q'] },
  arrivals: [{ queueId: 'q', ratePerSec: 100_000 / 86_400 }],
  handleTimeSec: { distribution: 'exponential', mean: 240 },
  patienceSec: { distribution: 'exponential', mean: 300 },
};

/** Wall time of the simulated day and engine events per wall second. */
export function simulationSpeed(config: SimulationConfig = dayOf300): { simDaySec: number; simEventsPerSec: number; chats: number } {
  const started = performance.now();
  const result = simulate(config);
  const seconds = (performance.now() - started) / 1000;
  return { simDaySec: seconds, simEventsPerSec: result.engineEvents / seconds, chats: result.overall.offered };
}
