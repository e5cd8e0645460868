import type { ContactRecord } from '../model/contact';
import type { AgentInterval, ContactRecordQuery, QueueInterval, ReportBatch, ReporterState, SyncReportStore } from './types';
import { erasedCustomer } from '../model/redact';
import { addAgentRow, addQueueRow, matches, pageOf } from './rows';

/**
 * A report store in memory: for tests, simulations and a single process that can rebuild its reports from the
 * engine's event log (`eventsAfter(0)`) after a restart. SQLite and PostgreSQL keep them in tables
 * (`chatroute/sqlite`, `chatroute/postgres`).
 *
 * @example
 * ```ts
 * import { createMemoryReportStore, followReports } from 'chatroute/reports';
 * const reports = createMemoryReportStore();
 * const follower = followReports(engine, reports);
 * reports.contactRecords({ queueId: 'sales', from: Date.parse('2026-12-07') });
 * ```
 */
export function createMemoryReportStore(): SyncReportStore {
  let seq = 0;
  let state: ReporterState = { agents: {} };
  const records = new Map<string, ContactRecord>();
  const queues = new Map<string, QueueInterval>();
  const agents = new Map<string, AgentInterval>();
  return {
    position: () => ({ seq, state }),
    save(batch: ReportBatch) {
      for (const r of batch.records) records.set(r.chatId, r);
      for (const row of batch.queueIntervals) {
        const key = `${row.queueId}\u0000${row.start}`;
        queues.set(key, addQueueRow(queues.get(key), row));
      }
      for (const row of batch.agentIntervals) {
        const key = `${row.agentId}\u0000${row.start}`;
        agents.set(key, addAgentRow(agents.get(key), row));
      }
      for (const contactId of batch.erasedContacts) {
        for (const [chatId, r] of records) if (r.contactId === contactId) records.set(chatId, { ...r, customer: erasedCustomer(r.customer) });
      }
      seq = batch.seq;
      state = structuredClone(batch.state);
    },
    contactRecords(query: ContactRecordQuery = {}) {
      return pageOf([...records.values()].filter((r) => matches(r, query)), query);
    },
    queueIntervals({ from, to, queueId }) {
      return [...queues.values()].filter((r) => r.start >= from && r.start < to && (queueId === undefined || r.queueId === queueId)).sort((a, b) => a.start - b.start || a.queueId.localeCompare(b.queueId));
    },
    agentIntervals({ from, to, agentId }) {
      return [...agents.values()].filter((r) => r.start >= from && r.start < to && (agentId === undefined || r.agentId === agentId)).sort((a, b) => a.start - b.start || a.agentId.localeCompare(b.agentId));
    },
    prune(before) {
      for (const [id, r] of records) if (r.endedAt < before) records.delete(id);
      for (const [key, r] of queues) if (r.start < before) queues.delete(key);
      for (const [key, r] of agents) if (r.start < before) agents.delete(key);
    },
  };
}
