import type { ChatRecord } from '../simulation/statistics';
import { erlangC } from '../staffing/erlangC';
import type { Forecast } from './types';

/** What was said, at one moment, about one queue's interval ahead: by the forecast and by the two naive guesses. */
export interface IntervalPrediction {
  readonly queueId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** Which interval ahead: 1 = the one starting one interval from now. */
  readonly lead: number;
  readonly serviceLevelMs: number;
  readonly target: number;
  readonly forecast: { readonly serviceLevel: number; readonly breachProbability: number };
  /** Erlang C's service level for the load at the interval (profile rate, AHT so far, slots now). */
  readonly erlangC: number;
  /** The service level of the last 15 minutes, as the engine reports it: "it stays as it is". */
  readonly persistence: number;
}

/** How well one way of predicting did: mean absolute error of the service level, and the Brier score of "breach". */
export interface IntervalScore {
  readonly serviceLevelMae: number;
  /** Mean of (predicted probability of missing the target − 1 if missed else 0)²: 0 is perfect, 0.25 a coin toss. */
  readonly breachBrier: number;
  /** Of the intervals that missed the target, the share predicted (probability ≥ 0.5). */
  readonly breachesCaught: number;
  /** Of the intervals predicted to miss, the share that did not. */
  readonly falseAlarms: number;
}

/** The service-level forecast's validation: intervals compared and the three ways' scores. */
export interface ServiceLevelEvaluation {
  readonly intervals: number;
  /** Intervals that missed their target. */
  readonly breaches: number;
  readonly forecast: IntervalScore;
  readonly erlangC: IntervalScore;
  readonly persistence: IntervalScore;
}

/** What the naive guesses need of the live engine at the forecast's moment, per queue. */
export interface LiveLoad {
  readonly slots: number;
  readonly ahtSec: number;
  readonly rateAt: (ms: number) => number;
  readonly recentServiceLevel: number;
}

/** The predictions of one forecast for its intervals after the first (the first also holds the chats waiting now). */
export function intervalPredictions(f: Forecast, loadOf: (queueId: string) => LiveLoad): IntervalPrediction[] {
  const out: IntervalPrediction[] = [];
  for (const q of f.queues) {
    const load = loadOf(q.queueId);
    q.intervals.forEach((interval, lead) => {
      if (lead === 0) return;
      const rate = load.rateAt(interval.startsAt);
      const stable = load.slots > 0 && load.ahtSec > 0 && rate * load.ahtSec < load.slots;
      const erlang = rate === 0 ? 1 : stable ? erlangC({ arrivalRatePerSec: rate, ahtSec: load.ahtSec, agents: load.slots }).serviceLevel(q.serviceLevelMs / 1000) : 0;
      out.push({
        queueId: q.queueId,
        startsAt: interval.startsAt,
        endsAt: interval.endsAt,
        lead,
        serviceLevelMs: q.serviceLevelMs,
        target: q.target,
        forecast: { serviceLevel: interval.serviceLevel.median, breachProbability: interval.breachProbability },
        erlangC: erlang,
        persistence: load.recentServiceLevel,
      });
    });
  }
  return out;
}

function score(pairs: ReadonlyArray<{ predicted: number; probability: number; actual: number; missed: boolean }>): IntervalScore {
  let abs = 0;
  let brier = 0;
  let missed = 0;
  let caught = 0;
  let alarms = 0;
  let falseAlarms = 0;
  for (const p of pairs) {
    abs += Math.abs(p.predicted - p.actual);
    brier += (p.probability - (p.missed ? 1 : 0)) ** 2;
    if (p.missed) missed++;
    if (p.probability >= 0.5) {
      alarms++;
      if (p.missed) caught++;
      else falseAlarms++;
    }
  }
  const n = Math.max(1, pairs.length);
  return { serviceLevelMae: abs / n, breachBrier: brier / n, breachesCaught: missed === 0 ? 1 : caught / missed, falseAlarms: alarms === 0 ? 0 : falseAlarms / alarms };
}

/**
 * Scores interval predictions against what the day did: the service level of the chats that arrived in each
 * interval (answered within `serviceLevelMs` ÷ arrived). Intervals nobody arrived in are left out.
 */
export function scoreIntervals(predictions: readonly IntervalPrediction[], records: readonly ChatRecord[], maxLead = Number.POSITIVE_INFINITY): ServiceLevelEvaluation {
  const rows: Array<{ p: IntervalPrediction; actual: number; missed: boolean }> = [];
  for (const p of predictions) {
    if (p.lead > maxLead) continue;
    let arrived = 0;
    let within = 0;
    for (const r of records) {
      if (r.queueId !== p.queueId || r.arrivedAt < p.startsAt || r.arrivedAt >= p.endsAt) continue;
      arrived++;
      if (r.answeredAt !== undefined && r.answeredAt - r.arrivedAt <= p.serviceLevelMs) within++;
    }
    if (arrived === 0) continue;
    const actual = within / arrived;
    rows.push({ p, actual, missed: actual < p.target });
  }
  const by = (pick: (p: IntervalPrediction) => { predicted: number; probability: number }) => score(rows.map((r) => ({ ...pick(r.p), actual: r.actual, missed: r.missed })));
  return {
    intervals: rows.length,
    breaches: rows.filter((r) => r.missed).length,
    forecast: by((p) => ({ predicted: p.forecast.serviceLevel, probability: p.forecast.breachProbability })),
    erlangC: by((p) => ({ predicted: p.erlangC, probability: p.erlangC < p.target ? 1 : 0 })),
    persistence: by((p) => ({ predicted: p.persistence, probability: p.persistence < p.target ? 1 : 0 })),
  };
}
