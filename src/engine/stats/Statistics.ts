import { ChatrouteError } from '../../errors/ChatrouteError';
import type { QueueCounters, StatisticsReads, StatisticsWrites } from '../ports';
import { prune } from './work';

/**
 * What `engine.stats()` is computed from, per queue: running tallies over the engine's lifetime and a log of
 * timestamped records for sliding windows. Each fact writes both at once (`offered`, `answered`, ...), so the two can
 * never disagree. Everything is plain numbers: snapshots copy it and replay rebuilds it exactly.
 */

export const newCounters = (): QueueCounters => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  answeredWithinSl: 0,
  shortAbandoned: 0,
  waitAnsweredMs: 0,
  closed: 0,
  handleMs: 0,
});

/** Kinds of queue records, each logged as `at, kind, value` (value: the wait, or the handling time). */
export const StatKind = { Offered: 0, Answered: 1, Abandoned: 2, Closed: 3 } as const;
export type StatKind = (typeof StatKind)[keyof typeof StatKind];

export class Statistics implements StatisticsReads, StatisticsWrites {
  readonly retentionMs: number;
  readonly counterMap = new Map<string, QueueCounters>();
  readonly logs = new Map<string, number[]>();

  /** `retentionMs`: `options.statsRetentionMs`, validated here (throws `invalid-config`). */
  constructor(retentionMs: number | undefined) {
    const value = retentionMs ?? 3_600_000;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ChatrouteError('invalid-config', `options.statsRetentionMs must be a finite number of milliseconds >= 0, got ${String(value)}`);
    }
    this.retentionMs = value;
  }

  queueAdded(queueId: string): void {
    if (!this.counterMap.has(queueId)) this.counterMap.set(queueId, newCounters());
  }

  queueRemoved(queueId: string): void {
    this.counterMap.delete(queueId);
  }

  counters(queueId: string): QueueCounters {
    return this.counterMap.get(queueId) ?? newCounters();
  }

  log(queueId: string): readonly number[] | undefined {
    return this.logs.get(queueId);
  }

  offered(queueId: string, now: number): void {
    const c = this.counterMap.get(queueId);
    if (c !== undefined) c.offered++;
    this.#record(queueId, StatKind.Offered, 0, now);
  }

  answered(queueId: string, waitMs: number, withinSl: boolean, now: number): void {
    const c = this.counterMap.get(queueId);
    if (c !== undefined) {
      c.answered++;
      if (withinSl) c.answeredWithinSl++;
      c.waitAnsweredMs += waitMs;
    }
    this.#record(queueId, StatKind.Answered, waitMs, now);
  }

  abandoned(queueId: string, waitMs: number, short: boolean, now: number): void {
    const c = this.counterMap.get(queueId);
    if (c !== undefined) {
      c.abandoned++;
      if (short) c.shortAbandoned++;
    }
    this.#record(queueId, StatKind.Abandoned, waitMs, now);
  }

  closed(queueId: string, handleMs: number, now: number): void {
    const c = this.counterMap.get(queueId);
    if (c !== undefined) {
      c.closed++;
      c.handleMs += handleMs;
    }
    this.#record(queueId, StatKind.Closed, handleMs, now);
  }

  #record(queueId: string, kind: StatKind, value: number, now: number): void {
    let log = this.logs.get(queueId);
    if (log === undefined) {
      log = [];
      this.logs.set(queueId, log);
    }
    log.push(now, kind, value);
    prune(log, now - this.retentionMs, 3, 0);
  }
}

/** Counters of one queue over [from, now], from its log (thresholds as configured now). */
export function countsIn(log: readonly number[] | undefined, from: number, serviceLevelMs: number, shortAbandonMs: number): QueueCounters {
  const c = newCounters();
  if (log === undefined) return c;
  for (let i = 0; i < log.length; i += 3) {
    if ((log[i] as number) < from) continue;
    const value = log[i + 2] as number;
    switch (log[i + 1]) {
      case StatKind.Offered:
        c.offered++;
        break;
      case StatKind.Answered:
        c.answered++;
        c.waitAnsweredMs += value;
        if (value <= serviceLevelMs) c.answeredWithinSl++;
        break;
      case StatKind.Abandoned:
        c.abandoned++;
        if (value <= shortAbandonMs) c.shortAbandoned++;
        break;
      case StatKind.Closed:
        c.closed++;
        c.handleMs += value;
        break;
    }
  }
  return c;
}
