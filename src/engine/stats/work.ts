import type { AgentState } from '../../model/agent';
import type { WorkTally } from '../ports';

/** An agent's work state, for occupancy: staffed (logged in, and not paused without chats) and handling (a chat). */
export const STAFFED = 1;
export const HANDLING = 2;

export function workFlags(state: AgentState, chats: number): number {
  if (state === 'offline') return 0;
  return (state !== 'paused' || chats > 0 ? STAFFED : 0) | (chats > 0 ? HANDLING : 0);
}

/** Drops records older than `cutoff` (`stride` numbers each), keeping `keep` of the old ones; in batches, so pushes stay O(1). */
export function prune(log: number[], cutoff: number, stride: number, keep: number): void {
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
