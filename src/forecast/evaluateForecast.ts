import type { AgentSchedule, ArrivalSpec, SimulationConfig } from '../simulation/types';
import { normalizeSimulation } from '../simulation/config';
import { meanOf } from '../simulation/distributions';
import { Simulation } from '../simulation/Simulation';
import { intervalPredictions, scoreIntervals, type IntervalPrediction, type ServiceLevelEvaluation } from './evaluateIntervals';
import { forecast } from './forecast';
import { naiveWaits, type NaiveWaits } from './naiveWaits';
import { quantile } from './summary';
import type { ForecastOptions } from './types';

/** Options of {@link evaluateForecast}. */
export interface EvaluateForecastOptions {
  /** Forecast every this many seconds of the day, after the warm-up. Default 300. */
  readonly everySec?: number;
  /** Passed to each forecast (seeds, horizon, ...); the behaviour models are the day's own. */
  readonly forecast?: Pick<ForecastOptions, 'seeds' | 'horizonMs' | 'intervalMs' | 'waitsOnly'>;
  /** Also return every compared pair (for plots). */
  readonly details?: boolean;
  /**
   * Also validate the service-level forecast (full forecasts, not `waitsOnly`): each interval after the first
   * against the service level of the chats that arrived in it, beside Erlang C and "the last 15 minutes persist".
   */
  readonly intervals?: boolean;
  /** Models for the forecasts instead of the day's own (to see what wrong models cost); the day runs on its own. */
  readonly models?: Partial<Pick<ForecastOptions, 'arrivals' | 'handleTimeSec' | 'patienceSec' | 'offerResponse' | 'concurrencySlowdown'>>;
}

/** One compared pair: a chat waiting at a forecast, what was predicted and what happened, seconds. */
export interface ForecastSample {
  readonly chatId: string;
  readonly atSec: number;
  readonly position: number;
  readonly waitedSec: number;
  readonly actualSec: number;
  readonly forecastSec: number;
  readonly p90Sec: number | null;
  readonly naiveSec: { readonly [K in keyof NaiveWaits]: number };
}

/** Absolute errors of one estimator over all (chat, moment) pairs, seconds. */
export interface ErrorFigures {
  readonly medianAbsSec: number;
  readonly p90AbsSec: number;
  readonly meanAbsSec: number;
}

/** What {@link evaluateForecast} measured. */
export interface ForecastEvaluation {
  /** Forecasts made. */
  readonly forecasts: number;
  /** (chat, moment) pairs compared: chats waiting at a forecast and answered later in the day. */
  readonly samples: number;
  /** Mean actual remaining wait of those, seconds. */
  readonly meanActualSec: number;
  readonly forecast: ErrorFigures;
  readonly naive: { readonly [K in keyof NaiveWaits]: ErrorFigures };
  /** Wall time of a forecast on this day, median, ms. */
  readonly forecastMsMedian: number;
  /** With `details`: every compared pair. */
  readonly details?: readonly ForecastSample[];
  /** With `intervals`: every interval ahead, and those within the warning window (the next 15 minutes). */
  readonly serviceLevel?: { readonly all: ServiceLevelEvaluation; readonly within15Min: ServiceLevelEvaluation };
}

const figures = (errors: number[]): ErrorFigures => {
  errors.sort((a, b) => a - b);
  return {
    medianAbsSec: quantile(errors, 0.5),
    p90AbsSec: quantile(errors, 0.9),
    meanAbsSec: errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length),
  };
};

/** The rate of a queue's arrivals at `sec` of the day. */
function rateAt(arrivals: SimulationConfig['arrivals'], queueId: string, sec: number): number {
  if (!Array.isArray(arrivals)) return 0;
  let rate = 0;
  for (const spec of arrivals as ArrivalSpec[]) {
    if (spec.queueId !== queueId) continue;
    if ('ratePerSec' in spec) rate += spec.ratePerSec;
    else rate += spec.profile[Math.floor(sec / (spec.intervalSec ?? 900))] ?? 0;
  }
  return rate;
}

/**
 * Validates forecasts on a simulated day: the day runs on the real engine, and every `everySec` a forecast is made
 * from a fork of it (with the day's behaviour models, arrival profile and shifts, as a host would give them); once
 * the day is over, each waiting chat's predicted time to an agent (the median) is compared with when an agent
 * actually took it, alongside the naive estimates at the same moment (queue length or place × AHT ÷ slots, Erlang
 * C for the current load, with the AHT measured so far). Chats whose customer left are not compared (they have no
 * actual wait). A prediction beyond the horizon counts as the horizon. The day itself is not changed by the forks.
 *
 * @example
 * ```ts
 * import { evaluateForecast } from 'chatroute/simulation';
 * const e = evaluateForecast(dayConfig, { everySec: 600, forecast: { seeds: 8 } });
 * e.forecast.medianAbsSec; // against e.naive.erlangC.medianAbsSec
 * ```
 */
export function evaluateForecast(day: SimulationConfig, options: EvaluateForecastOptions = {}): ForecastEvaluation {
  const sim = normalizeSimulation(day);
  const run = new Simulation(sim);
  const everySec = options.everySec ?? 300;
  const horizonMs = options.forecast?.horizonMs ?? 30 * 60_000;
  const schedules: Record<string, AgentSchedule> = {};
  for (const agent of sim.agents) schedules[agent.id] = { ...(agent.shift ? { shift: agent.shift } : {}), ...(agent.pauses ? { pauses: agent.pauses } : {}) };
  const models: ForecastOptions = {
    arrivals: day.arrivals,
    handleTimeSec: day.handleTimeSec,
    ...(day.patienceSec ? { patienceSec: day.patienceSec } : {}),
    ...(day.offerResponse ? { offerResponse: day.offerResponse } : {}),
    ...(day.concurrencySlowdown !== undefined ? { concurrencySlowdown: day.concurrencySlowdown } : {}),
    originMs: 0,
    schedules,
    ...options.models,
    ...options.forecast,
    ...(options.intervals === true ? { waitsOnly: false } : {}),
  };
  const intervals: IntervalPrediction[] = [];
  const predictions: Array<{ chatId: string; at: number; position: number; waitedMs: number; forecast: number; p90: number | null; naive: NaiveWaits }> = [];
  const assignedAt = new Map<string, number>();
  const durations: number[] = [];
  run.engine.events$.subscribe((e) => {
    if (e.type === 'chat.assigned' && !assignedAt.has(e.chatId)) assignedAt.set(e.chatId, e.at);
  });

  const checkpoint = (): void => {
    const engine = run.engine;
    const started = performance.now();
    const f = forecast(engine, models);
    durations.push(performance.now() - started);
    const stats = new Map(engine.stats().map((s) => [s.queueId, s]));
    const slots = new Map<string, number>();
    for (const agent of sim.agents) {
      const view = engine.getAgent(agent.id);
      if (view === undefined || (view.state !== 'ready' && view.state !== 'busy')) continue;
      for (const q of view.queues) if (q.loggedIn) slots.set(q.queueId, (slots.get(q.queueId) ?? 0) + view.capacity);
    }
    if (options.intervals === true) {
      const recent = new Map(engine.stats({ windowMs: 15 * 60_000 }).map((s) => [s.queueId, s.serviceLevel]));
      const loadOf = (queueId: string) => {
        const aht = stats.get(queueId)?.ahtMs;
        return {
          slots: slots.get(queueId) ?? 0,
          ahtSec: aht != null ? aht / 1000 : meanOf(day.handleTimeSec),
          rateAt: (ms: number) => rateAt(day.arrivals, queueId, ms / 1000),
          recentServiceLevel: recent.get(queueId) ?? 1,
        };
      };
      intervals.push(...intervalPredictions(f, loadOf));
    }
    const lengths = new Map<string, number>();
    for (const chat of f.chats) lengths.set(chat.queueId, (lengths.get(chat.queueId) ?? 0) + 1);
    for (const chat of f.chats) {
      const aht = stats.get(chat.queueId)?.ahtMs;
      const load = {
        slots: slots.get(chat.queueId) ?? 0,
        ahtSec: aht != null ? aht / 1000 : meanOf(day.handleTimeSec),
        arrivalRatePerSec: rateAt(day.arrivals, chat.queueId, f.at / 1000),
        length: lengths.get(chat.queueId) ?? 0,
      };
      predictions.push({ chatId: chat.chatId, at: f.at, position: chat.position, waitedMs: chat.waitedMs, forecast: chat.toAgent.medianMs ?? horizonMs, p90: chat.toAgent.p90Ms, naive: naiveWaits(load, chat.position) });
    }
  };
  for (let sec = sim.warmupSec + everySec; sec < sim.durationSec; sec += everySec) run.clock.setTimeout(checkpoint, sec * 1000);
  run.run();

  const errors: number[] = [];
  const naive: Record<keyof NaiveWaits, number[]> = { queueLength: [], position: [], erlangC: [], erlangCAsa: [] };
  let actualSum = 0;
  const details: ForecastSample[] = [];
  const sec = (ms: number) => Math.min(ms, horizonMs) / 1000;
  for (const p of predictions) {
    const at = assignedAt.get(p.chatId);
    if (at === undefined) continue;
    const actual = at - p.at;
    if (options.details === true) {
      details.push({
        chatId: p.chatId,
        atSec: p.at / 1000,
        position: p.position,
        waitedSec: p.waitedMs / 1000,
        actualSec: actual / 1000,
        forecastSec: p.forecast / 1000,
        p90Sec: p.p90 === null ? null : p.p90 / 1000,
        naiveSec: { queueLength: sec(p.naive.queueLength), position: sec(p.naive.position), erlangC: sec(p.naive.erlangC), erlangCAsa: sec(p.naive.erlangCAsa) },
      });
    }
    actualSum += actual / 1000;
    errors.push(Math.abs(p.forecast - actual) / 1000);
    for (const key of Object.keys(naive) as Array<keyof NaiveWaits>) naive[key].push(Math.abs(Math.min(p.naive[key], horizonMs) - actual) / 1000);
  }
  durations.sort((a, b) => a - b);
  return {
    forecasts: durations.length,
    samples: errors.length,
    meanActualSec: actualSum / Math.max(1, errors.length),
    forecast: figures(errors),
    naive: { queueLength: figures(naive.queueLength), position: figures(naive.position), erlangC: figures(naive.erlangC), erlangCAsa: figures(naive.erlangCAsa) },
    forecastMsMedian: quantile(durations, 0.5),
    ...(options.details === true ? { details } : {}),
    ...(options.intervals === true ? { serviceLevel: { all: scoreIntervals(intervals, run.records), within15Min: scoreIntervals(intervals, run.records, 2) } } : {}),
  };
}
