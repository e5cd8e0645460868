import type { RunOutcome } from './ForecastRun';
import type { LiveState } from './liveState';
import type { BreachWarning, ChatForecast, ForecastOptions, IntervalForecast, QueueForecast, WaitEstimate } from './types';

/** The q-quantile of sorted values, interpolated between neighbours (an unreached value is Infinity). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = sorted[Math.floor(h)] as number;
  const hi = sorted[Math.ceil(h)] as number;
  if (lo === hi) return lo;
  return Number.isFinite(hi) ? lo + (hi - lo) * (h - Math.floor(h)) : Number.POSITIVE_INFINITY;
}

const ascending = (values: number[]): number[] => values.sort((a, b) => a - b);
const finiteOrNull = (ms: number): number | null => (Number.isFinite(ms) ? Math.round(ms) : null);

/** Each waiting chat's time to an agent over the runs. */
export function chatForecasts(state: LiveState, outcomes: readonly RunOutcome[]): ChatForecast[] {
  return state.waiting.map((chat) => {
    const waits = ascending(outcomes.map((o) => o.toAgentMs.get(chat.chatId) ?? Number.POSITIVE_INFINITY));
    const toAgent: WaitEstimate = { medianMs: finiteOrNull(quantile(waits, 0.5)), p90Ms: finiteOrNull(quantile(waits, 0.9)) };
    const abandonShare = outcomes.filter((o) => o.abandoned.has(chat.chatId)).length / outcomes.length;
    return { chatId: chat.chatId, queueId: chat.queueId, position: chat.position, waitedMs: state.at - chat.enqueuedAt, toAgent, abandonShare };
  });
}

const targetOf = (options: ForecastOptions, queueId: string): number => {
  const t = options.serviceLevelTarget;
  return typeof t === 'number' ? t : (t?.[queueId] ?? 0.8);
};

/** Per queue and interval: service level and abandonment over the runs, the chance of missing the target, warnings. */
export function queueForecasts(state: LiveState, outcomes: readonly RunOutcome[], options: ForecastOptions, intervalMs: number, horizonMs: number): QueueForecast[] {
  const withinMs = options.warning?.withinMs ?? 15 * 60_000;
  const probability = options.warning?.probability ?? 0.5;
  const intervals = Math.ceil(horizonMs / intervalMs);
  const forecasts: QueueForecast[] = [];
  for (const [queueId, queue] of state.queues) {
    const target = targetOf(options, queueId);
    const rows: IntervalForecast[] = [];
    let warning: BreachWarning | undefined;
    for (let i = 0; i < intervals; i++) {
      const runs = outcomes.map((o) => o.counts.get(queueId)?.[i] ?? { offered: 0, withinSl: 0, abandoned: 0 });
      const sl = ascending(runs.map((c) => (c.offered === 0 ? 1 : c.withinSl / c.offered)));
      const abandon = ascending(runs.map((c) => (c.offered === 0 ? 0 : c.abandoned / c.offered)));
      const startsAt = state.at + i * intervalMs;
      const row: IntervalForecast = {
        startsAt,
        endsAt: Math.min(state.at + horizonMs, startsAt + intervalMs),
        offered: runs.reduce((sum, c) => sum + c.offered, 0) / runs.length,
        serviceLevel: { median: quantile(sl, 0.5), p10: quantile(sl, 0.1), p90: quantile(sl, 0.9) },
        abandonRate: { median: quantile(abandon, 0.5), p90: quantile(abandon, 0.9) },
        breachProbability: sl.filter((v) => v < target).length / sl.length,
      };
      rows.push(row);
      if (warning === undefined && startsAt < state.at + withinMs && row.breachProbability >= probability) {
        warning = { queueId, startsAt, breachProbability: row.breachProbability, serviceLevelMedian: row.serviceLevel.median, target };
      }
    }
    forecasts.push({ queueId, serviceLevelMs: queue.serviceLevelMs, target, intervals: rows, ...(warning !== undefined ? { warning } : {}) });
  }
  return forecasts;
}
