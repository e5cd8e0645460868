import { ChatrouteError } from '../errors/ChatrouteError';
import type { AgentState } from '../model/agent';

/**
 * What `engine.stats()` is computed from: running tallies per queue (the engine's lifetime), a log of timestamped
 * records per queue (for sliding windows), and per agent the time staffed and handling (for occupancy). Everything is
 * plain numbers, so snapshots copy it and replay rebuilds it exactly.
 */

/** Running counts per queue since the engine started. */
export interface QueueCounters {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  shortAbandoned: number;
  /** Sum of the waits of answered chats (for ASA). */
  waitAnsweredMs: number;
  closed: number;
  /** Sum of assignment-to-close times of closed chats (for AHT). */
  handleMs: number;
}

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

/** An agent's work state, for occupancy: staffed (logged in, and not paused without chats) and handling (a chat). */
export const STAFFED = 1;
export const HANDLING = 2;

/** Per agent: time staffed and handling since the engine started, and the changes within the retention (pairs `at, flags`). */
export interface WorkTally {
  staffedMs: number;
  handlingMs: number;
  flags: number;
  since: number;
  log: number[];
}

export const newWork = (now: number): WorkTally => ({ staffedMs: 0, handlingMs: 0, flags: 0, since: now, log: [] });

export function workFlags(state: AgentState, chats: number): number {
  if (state === 'offline') return 0;
  return (state !== 'paused' || chats > 0 ? STAFFED : 0) | (chats > 0 ? HANDLING : 0);
}

/** Drops records older than `cutoff` (`stride` numbers each), keeping `keep` of the old ones; in batches, so pushes stay O(1). */
function prune(log: number[], cutoff: number, stride: number, keep: number): void {
  if (log.length < 256 * stride || (log[64 * stride] as number) >= cutoff) return;
  let dead = 0;
  while (dead + stride * (1 + keep) <= log.length && (log[dead + stride * keep] as number) < cutoff) dead += stride;
  if (dead > 0) log.splice(0, dead);
}

/** Records an agent's (possibly) new work state at `now`. */
export function recordWork(work: WorkTally, flags: number, now: number, retentionMs: number): void {
  if (flags === work.flags) return;
  const elapsed = now - work.since;
  if ((work.flags & STAFFED) !== 0) work.staffedMs += elapsed;
  if ((work.flags & HANDLING) !== 0) work.handlingMs += elapsed;
  work.flags = flags;
  work.since = now;
  work.log.push(now, flags);
  // The last change before the cutoff says what held at the cutoff: keep it.
  prune(work.log, now - retentionMs, 2, 1);
}

/** Staffed and handling time of one agent in [from, now] (from the log), or over its lifetime when `from` is null. */
export function workIn(work: WorkTally, from: number | null, now: number): { staffed: number; handling: number } {
  if (from === null) {
    const open = now - work.since;
    return {
      staffed: work.staffedMs + ((work.flags & STAFFED) !== 0 ? open : 0),
      handling: work.handlingMs + ((work.flags & HANDLING) !== 0 ? open : 0),
    };
  }
  let staffed = 0;
  let handling = 0;
  let flags = 0;
  let at = from;
  const add = (until: number) => {
    if (until <= at) return;
    if ((flags & STAFFED) !== 0) staffed += until - at;
    if ((flags & HANDLING) !== 0) handling += until - at;
    at = until;
  };
  for (let i = 0; i < work.log.length; i += 2) {
    add(work.log[i] as number);
    flags = work.log[i + 1] as number;
  }
  add(now);
  return { staffed, handling };
}

/** The per-queue record logs, pruned to the retention. */
export class QueueLogs {
  readonly retentionMs: number;
  readonly logs = new Map<string, number[]>();

  /** `retentionMs`: `options.statsRetentionMs`, validated here (throws `invalid-config`). */
  constructor(retentionMs: number | undefined) {
    const value = retentionMs ?? 3_600_000;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ChatrouteError('invalid-config', `options.statsRetentionMs must be a finite number of milliseconds >= 0, got ${String(value)}`);
    }
    this.retentionMs = value;
  }

  record(queueId: string, kind: StatKind, value: number, now: number): void {
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
