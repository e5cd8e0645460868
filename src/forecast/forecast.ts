import { createManualClock } from '../clock/createManualClock';
import type { Engine } from '../index';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { HistoryStore } from '../history/types';
import { ForecastRun, type RunOutcome } from './ForecastRun';
import { createThrowawayStore, readLiveState, type LiveState } from './liveState';
import { chatForecasts, queueForecasts } from './summary';
import type { Forecast, ForecastOptions } from './types';

/** A fork keeps no transcripts: its customers do not write. */
const noHistory: HistoryStore = { record: () => undefined, has: () => false, page: () => ({ messages: [] }) };

const invalid = (message: string): never => {
  throw new ChatrouteError('invalid-config', `forecast: ${message}`);
};

function seedsOf(seeds: ForecastOptions['seeds']): readonly number[] {
  if (seeds === undefined) return [1, 2, 3, 4, 5, 6, 7, 8];
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1000) invalid(`seeds must be an integer in 1..1000 or a list of integers, got ${String(seeds)}`);
    return Array.from({ length: seeds }, (_, i) => i + 1);
  }
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every(Number.isInteger)) invalid('seeds must be a non-empty list of integers');
  return seeds;
}

/**
 * Forecasts the next `horizonMs` of a live engine from a fork of it (a digital twin): for each seed, the engine's
 * current state is copied onto a manual clock (`engine.fork()`, through a snapshot) and run ahead with the
 * simulator's behaviour models: arrivals per queue, handling times, patience, agents' answer delays and missed
 * offers, planned shifts and breaks. The live engine is only read: its state, clock, store and history are
 * untouched and it emits nothing. Returns, for each chat waiting now, the time until an agent takes it (median and
 * 90th percentile over the runs) and, per queue and interval, the service level and abandonment forecast with an
 * early warning when the target is likely to be missed. Synchronous; the same state, options and seeds give the
 * same forecast. Throws `ChatrouteError('invalid-config')` for malformed options.
 *
 * @example
 * ```ts
 * import { forecast } from 'chatroute/simulation';
 * const f = forecast(engine, {
 *   arrivals: [{ queueId: 'sales', ratePerSec: 0.2 }],
 *   handleTimeSec: { distribution: 'lognormal', mean: 300, sd: 150 },
 *   patienceSec: { distribution: 'exponential', mean: 180 },
 *   offerResponse: { delaySec: { distribution: 'exponential', mean: 4 }, missProbability: 0.02 },
 * });
 * f.chats[0]?.toAgent.medianMs; // e.g. 41000: "about a minute" in the customer's widget
 * f.warnings[0]; // e.g. { queueId: 'sales', startsAt, breachProbability: 0.75, ... }
 * ```
 */
export function forecast(engine: Engine, options: ForecastOptions): Forecast {
  if (typeof options !== 'object' || options === null) invalid('needs options with the behaviour models');
  const horizonMs = options.horizonMs ?? 30 * 60_000;
  const intervalMs = options.intervalMs ?? 5 * 60_000;
  if (!(horizonMs > 0 && Number.isFinite(horizonMs))) invalid(`horizonMs must be a finite number > 0, got ${String(horizonMs)}`);
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) invalid(`intervalMs must be a finite number > 0, got ${String(intervalMs)}`);
  if (options.arrivals === undefined) invalid('arrivals are required (an empty list for none)');
  const seeds = seedsOf(options.seeds);
  const outcomes: RunOutcome[] = [];
  let state: LiveState | undefined;
  for (const seed of seeds) {
    const store = createThrowawayStore();
    const clock = createManualClock(engine.clock.now());
    const fork = engine.fork({ store, clock, history: noHistory, retainFinishedChats: 0 });
    state ??= readLiveState(fork, store.snapshot() as NonNullable<ReturnType<typeof store.snapshot>>);
    // Nobody waits: nothing for the waits to find out.
    if (options.waitsOnly === true && state.waiting.length === 0) break;
    if (clock.now() < state.at) clock.advanceTo(state.at);
    outcomes.push(new ForecastRun(fork, clock, state, options, seed, horizonMs, intervalMs, options.waitsOnly === true).run());
  }
  const live = state as LiveState;
  const queues = options.waitsOnly === true ? [] : queueForecasts(live, outcomes, options, intervalMs, horizonMs);
  const warnings = queues.flatMap((q) => (q.warning !== undefined ? [q.warning] : [])).sort((a, b) => a.startsAt - b.startsAt);
  return { at: live.at, horizonMs, runs: outcomes.length, chats: chatForecasts(live, outcomes), queues, warnings };
}
