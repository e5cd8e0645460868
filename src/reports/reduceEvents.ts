import type { EngineEvent } from '../model/events';
import type { ContactRecord } from '../model/contact';
import type { AgentInterval, AgentTime, QueueInterval, ReportBatch, ReporterState } from './types';

/**
 * Interval length: 15 minutes, as contact centers report.
 *
 * @example
 * ```ts
 * import { INTERVAL_MS } from 'chatroute/reports';
 * const start = Math.floor(engine.clock.now() / INTERVAL_MS) * INTERVAL_MS;
 * ```
 */
export const INTERVAL_MS = 15 * 60_000;

const startOf = (at: number, intervalMs: number): number => Math.floor(at / intervalMs) * intervalMs;

type MutableQueue = { -readonly [K in keyof QueueInterval]: QueueInterval[K] };
type MutableAgent = { agentId: string; start: number; time: { -readonly [K in keyof AgentTime]: number }; chats: number; chatMs: number };

const emptyTime = (): MutableAgent['time'] => ({ ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0, handling: 0 });

/** Splits `[from, to)` over the intervals it crosses, calling `add(start, ms)` for each part. */
export function split(from: number, to: number, intervalMs: number, add: (start: number, ms: number) => void): void {
  for (let at = from; at < to; ) {
    const start = startOf(at, intervalMs);
    const end = Math.min(to, start + intervalMs);
    add(start, end - at);
    at = end;
  }
}

/** The time bucket of an agent state as `agent.statusChanged` reports it (offline counts nowhere). */
export function bucketOf(state: string, paid: boolean): keyof AgentTime | undefined {
  if (state === 'ready' || state === 'busy') return state;
  if (state === 'paused') return paid ? 'pausedPaid' : 'pausedUnpaid';
  return undefined;
}

/**
 * Turns a page of events into what the report store adds: contact records (from `contact.recorded`), queue interval
 * deltas (offered by arrival, answered by the first answer, abandoned and handled by the end), and agent interval
 * deltas (time in each state from `agent.statusChanged`, handling from each record's agent segments). Pure: the same
 * events and state give the same batch, so a reporter resumed at its saved position continues exactly.
 *
 * @example
 * ```ts
 * import { reduceEvents } from 'chatroute/reports';
 * const page = await engine.eventsAfter(0);
 * if (page.ok) console.log(reduceEvents(page.events, { agents: {} }).queueIntervals);
 * ```
 */
export function reduceEvents(events: readonly EngineEvent[], state: ReporterState, intervalMs = INTERVAL_MS): ReportBatch {
  const agents = { ...state.agents };
  const queues = new Map<string, MutableQueue>();
  const agentRows = new Map<string, MutableAgent>();
  const records: ContactRecord[] = [];
  const erasedContacts: string[] = [];
  const queueRow = (queueId: string, at: number): MutableQueue => {
    const start = startOf(at, intervalMs);
    const key = `${queueId}\u0000${start}`;
    let row = queues.get(key);
    if (row === undefined) {
      row = { queueId, start, offered: 0, answered: 0, answeredWithinSl: 0, waitAnsweredMs: 0, abandoned: 0, shortAbandoned: 0, handled: 0, handleMs: 0 };
      queues.set(key, row);
    }
    return row;
  };
  const agentRow = (agentId: string, start: number): MutableAgent => {
    const key = `${agentId}\u0000${start}`;
    let row = agentRows.get(key);
    if (row === undefined) {
      row = { agentId, start, time: emptyTime(), chats: 0, chatMs: 0 };
      agentRows.set(key, row);
    }
    return row;
  };
  let seq = 0;
  for (const event of events) {
    seq = event.seq;
    if (event.type === 'agent.statusChanged') {
      const before = agents[event.agentId];
      if (before !== undefined) {
        const bucket = bucketOf(before.state, before.paid);
        if (bucket !== undefined) split(before.since, event.at, intervalMs, (start, ms) => (agentRow(event.agentId, start).time[bucket] += ms));
      }
      agents[event.agentId] = { state: event.state, paid: event.pause?.paid === true, since: event.at };
      continue;
    }
    if (event.type === 'contact.erased') {
      erasedContacts.push(event.contactId);
      continue;
    }
    if (event.type !== 'contact.recorded') continue;
    const r = event.record;
    records.push(r);
    queueRow(r.queues[0] ?? r.queueId, r.enqueuedAt).offered++;
    if (r.answeredAt !== undefined) {
      const row = queueRow(r.answeredInQueue ?? r.queueId, r.answeredAt);
      row.answered++;
      if (r.withinServiceLevel) row.answeredWithinSl++;
      row.waitAnsweredMs += r.waitMs;
    }
    const end = queueRow(r.queueId, r.endedAt);
    if (r.outcome === 'abandoned') {
      end.abandoned++;
      if (r.shortAbandon) end.shortAbandoned++;
    } else {
      end.handled++;
      end.handleMs += r.handleMs;
    }
    for (const a of r.agents) {
      const ended = agentRow(a.agentId, startOf(r.endedAt, intervalMs));
      ended.chats++;
      ended.chatMs += a.ms;
      // Handling: the agent's whole span in the chat (from first joining to last leaving).
      split(a.joinedAt, a.leftAt, intervalMs, (start, ms) => (agentRow(a.agentId, start).time.handling += ms));
    }
  }
  return {
    records,
    queueIntervals: [...queues.values()],
    agentIntervals: [...agentRows.values()] as AgentInterval[],
    erasedContacts,
    seq,
    state: { agents },
  };
}
