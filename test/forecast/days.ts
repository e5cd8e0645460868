import type { SimulationConfig } from 'chatroute/simulation';

/**
 * A busy morning for validating forecasts: one queue, 30 agents, a rate that climbs past what they can answer and
 * falls back (queues build and drain), log-normal handling, impatient customers, agents who take a few seconds to
 * answer and miss some offers, and a shift change at 02:00 (5 agents leave, 5 arrive 10 minutes later).
 */
export function busyMorning(seed: number, durationSec = 4 * 3600): SimulationConfig {
  const perHour = [0.11, 0.13, 0.14, 0.15, 0.145, 0.13, 0.12, 0.11];
  const profile = Array.from({ length: Math.ceil(durationSec / 900) }, (_, i) => perHour[Math.floor(i / 2) % perHour.length] as number);
  return {
    seed,
    durationSec,
    warmupSec: 1800,
    queues: [{ id: 'q', name: 'Q', offerTimeoutMs: 20_000, closeStatuses: ['done'], serviceLevelMs: 20_000 }],
    agents: Array.from({ length: 35 }, (_, i) => ({
      id: `agent-${i + 1}`,
      name: `Agent ${i + 1}`,
      capacity: 1,
      queues: ['q'],
      shift: i < 5 ? { startSec: 0, endSec: 7200 } : i < 30 ? { startSec: 0, endSec: durationSec } : { startSec: 7800, endSec: durationSec },
    })),
    arrivals: [{ queueId: 'q', profile, intervalSec: 900 }],
    handleTimeSec: { distribution: 'lognormal', mean: 240, sd: 150 },
    patienceSec: { distribution: 'exponential', mean: 180 },
    offerResponse: { delaySec: { distribution: 'exponential', mean: 5 }, missProbability: 0.03, resumeAfterSec: 60 },
  };
}
