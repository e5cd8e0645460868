import type { ContactRecord } from '../model/contact';
import type { AgentInterval, AgentIntervalReport, ContactRecordQuery, QueueInterval, QueueIntervalReport, ReporterState } from './types';
import { bucketOf, split } from './reduceEvents';

/** The most records one query returns. */
export const MAX_RECORDS = 100_000;

/** Adds a delta row to a stored one (interval rows are sums). */
export function addQueueRow(row: QueueInterval | undefined, delta: QueueInterval): QueueInterval {
  if (row === undefined) return { ...delta };
  return {
    queueId: row.queueId,
    start: row.start,
    offered: row.offered + delta.offered,
    answered: row.answered + delta.answered,
    answeredWithinSl: row.answeredWithinSl + delta.answeredWithinSl,
    waitAnsweredMs: row.waitAnsweredMs + delta.waitAnsweredMs,
    abandoned: row.abandoned + delta.abandoned,
    shortAbandoned: row.shortAbandoned + delta.shortAbandoned,
    handled: row.handled + delta.handled,
    handleMs: row.handleMs + delta.handleMs,
  };
}

export function addAgentRow(row: AgentInterval | undefined, delta: AgentInterval): AgentInterval {
  if (row === undefined) return { ...delta, time: { ...delta.time } };
  const t = row.time;
  const d = delta.time;
  return {
    agentId: row.agentId,
    start: row.start,
    time: { ready: t.ready + d.ready, busy: t.busy + d.busy, pausedPaid: t.pausedPaid + d.pausedPaid, pausedUnpaid: t.pausedUnpaid + d.pausedUnpaid, handling: t.handling + d.handling },
    chats: row.chats + delta.chats,
    chatMs: row.chatMs + delta.chatMs,
  };
}

/** Whether a record answers a query's filters (not its page). */
export function matches(r: ContactRecord, q: ContactRecordQuery): boolean {
  return (
    (q.from === undefined || r.endedAt >= q.from) &&
    (q.to === undefined || r.endedAt < q.to) &&
    (q.queueId === undefined || r.queues.includes(q.queueId)) &&
    (q.agentId === undefined || r.agents.some((a) => a.agentId === q.agentId)) &&
    (q.status === undefined || r.status === q.status) &&
    (q.outcome === undefined || r.outcome === q.outcome)
  );
}

/** Orders records by end, then chat id, and cuts the query's page. */
export function pageOf(records: ContactRecord[], q: ContactRecordQuery): ContactRecord[] {
  const limit = Math.max(0, Math.min(MAX_RECORDS, Math.floor(q.limit ?? 1_000)));
  const offset = Math.max(0, Math.floor(q.offset ?? 0));
  records.sort((a, b) => a.endedAt - b.endedAt || (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : 0));
  return records.slice(offset, offset + limit);
}

/**
 * A queue row with its service level, ASA and AHT (service level as `stats()` counts it, short abandons left out).
 *
 * @example
 * ```ts
 * import { queueReport } from 'chatroute/reports';
 * const day = reports.queueIntervals({ from, to, queueId: 'sales' }).map(queueReport);
 * ```
 */
export function queueReport(row: QueueInterval): QueueIntervalReport {
  const reached = row.answered + row.abandoned - row.shortAbandoned;
  return {
    ...row,
    serviceLevel: reached === 0 ? null : row.answeredWithinSl / reached,
    asaMs: row.answered === 0 ? null : row.waitAnsweredMs / row.answered,
    ahtMs: row.handled === 0 ? null : row.handleMs / row.handled,
  };
}

/**
 * Agent rows with their occupancy, the open state of each agent (since its last change) counted up to `now`, so the
 * interval under way is complete too.
 *
 * @example
 * ```ts
 * import { agentReports, INTERVAL_MS } from 'chatroute/reports';
 * const rows = agentReports(reports.agentIntervals({ from, to }), reports.position().state, engine.clock.now(), from, to, INTERVAL_MS);
 * ```
 */
export function agentReports(rows: readonly AgentInterval[], state: ReporterState, now: number, from: number, to: number, intervalMs: number): AgentIntervalReport[] {
  const byKey = new Map<string, AgentInterval>();
  for (const row of rows) byKey.set(`${row.agentId}\u0000${row.start}`, row);
  for (const [agentId, open] of Object.entries(state.agents)) {
    const bucket = bucketOf(open.state, open.paid);
    if (bucket === undefined) continue;
    split(Math.max(open.since, from), Math.min(now, to), intervalMs, (start, ms) => {
      const key = `${agentId}\u0000${start}`;
      const delta: AgentInterval = { agentId, start, time: { ready: 0, busy: 0, pausedPaid: 0, pausedUnpaid: 0, handling: 0, [bucket]: ms }, chats: 0, chatMs: 0 };
      byKey.set(key, addAgentRow(byKey.get(key), delta));
    });
  }
  return [...byKey.values()]
    .sort((a, b) => a.start - b.start || a.agentId.localeCompare(b.agentId))
    .map((row) => {
      const t = row.time;
      const staffed = t.ready + t.busy + Math.min(t.pausedPaid + t.pausedUnpaid, t.handling);
      return { ...row, occupancy: staffed === 0 ? null : Math.min(1, t.handling / staffed) };
    });
}
