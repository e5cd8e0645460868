import type { ContactRecord } from '../model/contact';
import type { AgentInterval, ContactRecordQuery, QueueInterval, ReportBatch, ReporterState, SyncReportStore } from '../reports/types';
import { erasedCustomer } from '../model/redact';
import { openDatabase, type SqliteSource } from './openDatabase';

/** Options of {@link createSqliteReportStore}: a SQLite file `path`, or an open better-sqlite3 `database`. */
export type SqliteReportStoreOptions = SqliteSource;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS chatroute_report_position (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, state TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS chatroute_contacts (
    chat_id TEXT PRIMARY KEY, ended_at INTEGER NOT NULL, status TEXT, outcome TEXT NOT NULL, contact_id TEXT, body TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS chatroute_contacts_contact ON chatroute_contacts (contact_id);
  CREATE INDEX IF NOT EXISTS chatroute_contacts_ended ON chatroute_contacts (ended_at, chat_id);
  CREATE TABLE IF NOT EXISTS chatroute_contact_queues (queue_id TEXT NOT NULL, chat_id TEXT NOT NULL, PRIMARY KEY (queue_id, chat_id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS chatroute_contact_agents (agent_id TEXT NOT NULL, chat_id TEXT NOT NULL, PRIMARY KEY (agent_id, chat_id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS chatroute_queue_intervals (
    queue_id TEXT NOT NULL, start INTEGER NOT NULL, offered INTEGER NOT NULL, answered INTEGER NOT NULL,
    answered_within_sl INTEGER NOT NULL, wait_answered_ms INTEGER NOT NULL, abandoned INTEGER NOT NULL,
    short_abandoned INTEGER NOT NULL, handled INTEGER NOT NULL, handle_ms INTEGER NOT NULL, PRIMARY KEY (start, queue_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS chatroute_agent_intervals (
    agent_id TEXT NOT NULL, start INTEGER NOT NULL, ready INTEGER NOT NULL, busy INTEGER NOT NULL, paused_paid INTEGER NOT NULL,
    paused_unpaid INTEGER NOT NULL, handling INTEGER NOT NULL, chats INTEGER NOT NULL, chat_ms INTEGER NOT NULL, PRIMARY KEY (start, agent_id)
  ) WITHOUT ROWID;
`;

const QUEUE_COLUMNS = ['offered', 'answered', 'answered_within_sl', 'wait_answered_ms', 'abandoned', 'short_abandoned', 'handled', 'handle_ms'];
const AGENT_COLUMNS = ['ready', 'busy', 'paused_paid', 'paused_unpaid', 'handling', 'chats', 'chat_ms'];
const adding = (columns: readonly string[]) => columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');

/**
 * Contact records and interval reports in SQLite (better-sqlite3 12.x, a peer dependency), for `followReports`:
 * each batch and its event-log position in one transaction, so a crash between batches loses and doubles nothing.
 * Tables `chatroute_contacts` (one row per chat, the record as JSON, indexed by end time; queue and agent link tables
 * for the filters), `chatroute_queue_intervals`, `chatroute_agent_intervals` and `chatroute_report_position`; they may
 * share a file with the engine's store.
 *
 * @example
 * ```ts
 * import { createSqliteReportStore } from 'chatroute/sqlite';
 * import { followReports, toCsv } from 'chatroute/reports';
 * const reports = createSqliteReportStore({ path: 'contact-center.db' });
 * followReports(engine, reports);
 * const csv = toCsv(reports.contactRecords({ queueId: 'sales', from, to }));
 * ```
 */
export function createSqliteReportStore(options: SqliteReportStoreOptions): SyncReportStore & { close(): void } {
  const { db, owned } = openDatabase(options);
  db.exec(SCHEMA);
  const getPosition = db.prepare('SELECT seq, state FROM chatroute_report_position WHERE id = 1').raw();
  const setPosition = db.prepare('INSERT INTO chatroute_report_position (id, seq, state) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, state = excluded.state');
  const upsertContact = db.prepare('INSERT OR REPLACE INTO chatroute_contacts (chat_id, ended_at, status, outcome, contact_id, body) VALUES (?, ?, ?, ?, ?, ?)');
  const ofContact = db.prepare('SELECT chat_id, body FROM chatroute_contacts WHERE contact_id = ?').raw();
  const setBody = db.prepare('UPDATE chatroute_contacts SET body = ? WHERE chat_id = ?');
  const linkQueue = db.prepare('INSERT OR IGNORE INTO chatroute_contact_queues (queue_id, chat_id) VALUES (?, ?)');
  const linkAgent = db.prepare('INSERT OR IGNORE INTO chatroute_contact_agents (agent_id, chat_id) VALUES (?, ?)');
  const addQueue = db.prepare(`INSERT INTO chatroute_queue_intervals (queue_id, start, ${QUEUE_COLUMNS.join(', ')}) VALUES (?, ?, ${QUEUE_COLUMNS.map(() => '?').join(', ')})
    ON CONFLICT (start, queue_id) DO UPDATE SET ${adding(QUEUE_COLUMNS)}`);
  const addAgent = db.prepare(`INSERT INTO chatroute_agent_intervals (agent_id, start, ${AGENT_COLUMNS.join(', ')}) VALUES (?, ?, ${AGENT_COLUMNS.map(() => '?').join(', ')})
    ON CONFLICT (start, agent_id) DO UPDATE SET ${adding(AGENT_COLUMNS)}`);
  const save = db.transaction((batch: ReportBatch) => {
    for (const r of batch.records) {
      upsertContact.run(r.chatId, r.endedAt, r.status ?? null, r.outcome, r.contactId ?? null, JSON.stringify(r));
      for (const queueId of new Set(r.queues)) linkQueue.run(queueId, r.chatId);
      for (const a of r.agents) linkAgent.run(a.agentId, r.chatId);
    }
    for (const q of batch.queueIntervals) {
      addQueue.run(q.queueId, q.start, q.offered, q.answered, q.answeredWithinSl, q.waitAnsweredMs, q.abandoned, q.shortAbandoned, q.handled, q.handleMs);
    }
    for (const a of batch.agentIntervals) {
      const t = a.time;
      addAgent.run(a.agentId, a.start, t.ready, t.busy, t.pausedPaid, t.pausedUnpaid, t.handling, a.chats, a.chatMs);
    }
    for (const contactId of batch.erasedContacts) {
      for (const [chatId, body] of ofContact.all(contactId) as Array<[string, string]>) {
        const r = JSON.parse(body) as ContactRecord;
        setBody.run(JSON.stringify({ ...r, customer: erasedCustomer(r.customer) }), chatId);
      }
    }
    setPosition.run(batch.seq, JSON.stringify(batch.state));
  });
  const prune = db.transaction((before: number) => {
    db.prepare('DELETE FROM chatroute_contact_queues WHERE chat_id IN (SELECT chat_id FROM chatroute_contacts WHERE ended_at < ?)').run(before);
    db.prepare('DELETE FROM chatroute_contact_agents WHERE chat_id IN (SELECT chat_id FROM chatroute_contacts WHERE ended_at < ?)').run(before);
    db.prepare('DELETE FROM chatroute_contacts WHERE ended_at < ?').run(before);
    db.prepare('DELETE FROM chatroute_queue_intervals WHERE start < ?').run(before);
    db.prepare('DELETE FROM chatroute_agent_intervals WHERE start < ?').run(before);
  });
  let closed = false;
  return {
    position() {
      const row = getPosition.get() as [number, string] | undefined;
      return row === undefined ? { seq: 0, state: { agents: {} } } : { seq: row[0], state: JSON.parse(row[1]) as ReporterState };
    },
    save(batch) {
      save(batch);
      // An erasure's old record bytes may still be in the write-ahead log or the pages it replaced: checkpoint and
      // truncate (deleted content is zeroed as it goes: secure_delete).
      if (batch.erasedContacts.length > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    },
    contactRecords(query: ContactRecordQuery = {}) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (query.from !== undefined) (where.push('c.ended_at >= ?'), values.push(query.from));
      if (query.to !== undefined) (where.push('c.ended_at < ?'), values.push(query.to));
      if (query.status !== undefined) (where.push('c.status = ?'), values.push(query.status));
      if (query.outcome !== undefined) (where.push('c.outcome = ?'), values.push(query.outcome));
      if (query.queueId !== undefined) (where.push('c.chat_id IN (SELECT chat_id FROM chatroute_contact_queues WHERE queue_id = ?)'), values.push(query.queueId));
      if (query.agentId !== undefined) (where.push('c.chat_id IN (SELECT chat_id FROM chatroute_contact_agents WHERE agent_id = ?)'), values.push(query.agentId));
      const limit = Math.max(0, Math.min(100_000, Math.floor(query.limit ?? 1_000)));
      const offset = Math.max(0, Math.floor(query.offset ?? 0));
      const sql = `SELECT c.body FROM chatroute_contacts c ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.ended_at, c.chat_id LIMIT ? OFFSET ?`;
      return (db.prepare(sql).pluck().all(...values, limit, offset) as string[]).map((body) => JSON.parse(body) as ContactRecord);
    },
    queueIntervals({ from, to, queueId }) {
      const rows = db
        .prepare(`SELECT queue_id, start, ${QUEUE_COLUMNS.join(', ')} FROM chatroute_queue_intervals WHERE start >= ? AND start < ? ${queueId !== undefined ? 'AND queue_id = ?' : ''} ORDER BY start, queue_id`)
        .raw()
        .all(from, to, ...(queueId !== undefined ? [queueId] : [])) as Array<[string, number, number, number, number, number, number, number, number, number]>;
      return rows.map(([id, start, offered, answered, answeredWithinSl, waitAnsweredMs, abandoned, shortAbandoned, handled, handleMs]): QueueInterval => ({ queueId: id, start, offered, answered, answeredWithinSl, waitAnsweredMs, abandoned, shortAbandoned, handled, handleMs }));
    },
    agentIntervals({ from, to, agentId }) {
      const rows = db
        .prepare(`SELECT agent_id, start, ${AGENT_COLUMNS.join(', ')} FROM chatroute_agent_intervals WHERE start >= ? AND start < ? ${agentId !== undefined ? 'AND agent_id = ?' : ''} ORDER BY start, agent_id`)
        .raw()
        .all(from, to, ...(agentId !== undefined ? [agentId] : [])) as Array<[string, number, number, number, number, number, number, number, number]>;
      return rows.map(([id, start, ready, busy, pausedPaid, pausedUnpaid, handling, chats, chatMs]): AgentInterval => ({ agentId: id, start, time: { ready, busy, pausedPaid, pausedUnpaid, handling }, chats, chatMs }));
    },
    prune: (before) => prune(before),
    close() {
      if (closed) return;
      closed = true;
      if (owned) db.close();
    },
  };
}
