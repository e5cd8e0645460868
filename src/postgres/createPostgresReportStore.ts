import type pg from 'pg';
import type { Pool } from 'pg';
import { ChatrouteError } from '../errors/ChatrouteError';
import type { ContactRecord } from '../model/contact';
import { ERASED } from '../model/redact';
import { requirePeer } from '../peers/requirePeer';
import type { AgentInterval, ContactRecordQuery, QueueInterval, ReportBatch, ReporterState, ReportStore } from '../reports/types';
import { listenToPool, storageFailed, withClient } from './connections';
import { tables } from './schema';

/** Options of {@link createPostgresReportStore}. */
export interface PostgresReportStoreOptions {
  /** A `pg` pool you manage (left open by `close()`), or a `connectionString` for a pool the store opens and ends. */
  readonly pool?: Pool;
  readonly connectionString?: string;
  /** The shard (tenant) whose reports these are: every row carries it. */
  readonly shard: string;
  /** A PostgreSQL schema for the tables (created when missing); default: the connection's search path. */
  readonly schema?: string;
}

const QUEUE_COLUMNS = ['offered', 'answered', 'answered_within_sl', 'wait_answered_ms', 'abandoned', 'short_abandoned', 'handled', 'handle_ms'];
const AGENT_COLUMNS = ['ready', 'busy', 'paused_paid', 'paused_unpaid', 'handling', 'chats', 'chat_ms'];

/**
 * Contact records and interval reports in PostgreSQL, for `followReports` (each batch and its event-log position in
 * one transaction): tables `chatroute_contacts` (one row per chat, the record as `jsonb`, with arrays of its queues
 * and agents for the filters), `chatroute_queue_intervals`, `chatroute_agent_intervals` and
 * `chatroute_report_position`, every row keyed by shard. Every call is asynchronous; failures are `storage-failed`.
 *
 * @example
 * ```ts
 * import { createPostgresReportStore } from 'chatroute/postgres';
 * import { followReports } from 'chatroute/reports';
 * const reports = createPostgresReportStore({ connectionString, shard: 'tenant-42' });
 * followReports(engine, reports);
 * const today = await reports.contactRecords({ from: startOfDay, queueId: 'sales' });
 * ```
 */
export function createPostgresReportStore(options: PostgresReportStoreOptions): ReportStore & { close(): Promise<void> } {
  const { shard } = options;
  if (typeof shard !== 'string' || shard === '') throw new ChatrouteError('invalid-argument', 'createPostgresReportStore needs a non-empty shard');
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new ChatrouteError('invalid-argument', 'createPostgresReportStore needs exactly one of pool and connectionString');
  }
  const owned = options.pool === undefined;
  const pool = options.pool ?? new (requirePeer<typeof pg>('pg').Pool)({ connectionString: options.connectionString });
  listenToPool(pool);
  const t = tables(options.schema);
  const prefix = t.meta.replace(/chatroute_meta$/, '');
  const name = (table: string) => `${prefix}${table}`;
  const contacts = name('chatroute_contacts');
  const queueRows = name('chatroute_queue_intervals');
  const agentRows = name('chatroute_agent_intervals');
  const position = name('chatroute_report_position');
  let ready: Promise<void> | undefined;
  const ensure = () =>
    (ready ??= withClient(pool, async (client) => {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [0x63_68_72_72]);
      if (options.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${position} (shard text PRIMARY KEY, seq bigint NOT NULL, state jsonb NOT NULL)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${contacts} (shard text NOT NULL, chat_id text NOT NULL, ended_at bigint NOT NULL, status text, outcome text NOT NULL,
        queues text[] NOT NULL, agents text[] NOT NULL, body jsonb NOT NULL, PRIMARY KEY (shard, chat_id))`);
      await client.query(`CREATE INDEX IF NOT EXISTS chatroute_contacts_ended ON ${contacts} (shard, ended_at, chat_id)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${queueRows} (shard text NOT NULL, queue_id text NOT NULL, start bigint NOT NULL,
        ${QUEUE_COLUMNS.map((c) => `${c} bigint NOT NULL`).join(', ')}, PRIMARY KEY (shard, start, queue_id))`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${agentRows} (shard text NOT NULL, agent_id text NOT NULL, start bigint NOT NULL,
        ${AGENT_COLUMNS.map((c) => `${c} bigint NOT NULL`).join(', ')}, PRIMARY KEY (shard, start, agent_id))`);
      await client.query('COMMIT');
    }).catch((error: unknown) => {
      ready = undefined;
      throw storageFailed('creating the report tables', error, 'retry once the database is back');
    }));
  const query = async <R extends unknown[]>(what: string, text: string, values: unknown[]): Promise<R[]> => {
    await ensure();
    try {
      return (await pool.query<R>({ text, values, rowMode: 'array' })).rows;
    } catch (error) {
      throw storageFailed(what, error, 'retry once the database is back');
    }
  };
  return {
    async position() {
      const rows = await query<[string, ReporterState]>('reading the report position', `SELECT seq, state FROM ${position} WHERE shard = $1`, [shard]);
      const row = rows[0];
      return row === undefined ? { seq: 0, state: { agents: {} } } : { seq: Number(row[0]), state: row[1] };
    },
    async save(batch: ReportBatch) {
      await ensure();
      await withClient(pool, async (client) => {
        try {
          await client.query('BEGIN');
          for (const r of batch.records) {
            await client.query(
              `INSERT INTO ${contacts} (shard, chat_id, ended_at, status, outcome, queues, agents, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (shard, chat_id) DO UPDATE SET ended_at = EXCLUDED.ended_at, status = EXCLUDED.status, outcome = EXCLUDED.outcome,
               queues = EXCLUDED.queues, agents = EXCLUDED.agents, body = EXCLUDED.body`,
              [shard, r.chatId, r.endedAt, r.status ?? null, r.outcome, [...new Set(r.queues)], r.agents.map((a) => a.agentId), JSON.stringify(r)],
            );
          }
          for (const q of batch.queueIntervals) {
            await client.query(
              `INSERT INTO ${queueRows} (shard, queue_id, start, ${QUEUE_COLUMNS.join(', ')}) VALUES ($1, $2, $3, ${QUEUE_COLUMNS.map((_, i) => `$${i + 4}`).join(', ')})
               ON CONFLICT (shard, start, queue_id) DO UPDATE SET ${QUEUE_COLUMNS.map((c) => `${c} = ${queueRows}.${c} + EXCLUDED.${c}`).join(', ')}`,
              [shard, q.queueId, q.start, q.offered, q.answered, q.answeredWithinSl, q.waitAnsweredMs, q.abandoned, q.shortAbandoned, q.handled, q.handleMs],
            );
          }
          for (const a of batch.agentIntervals) {
            const x = a.time;
            await client.query(
              `INSERT INTO ${agentRows} (shard, agent_id, start, ${AGENT_COLUMNS.join(', ')}) VALUES ($1, $2, $3, ${AGENT_COLUMNS.map((_, i) => `$${i + 4}`).join(', ')})
               ON CONFLICT (shard, start, agent_id) DO UPDATE SET ${AGENT_COLUMNS.map((c) => `${c} = ${agentRows}.${c} + EXCLUDED.${c}`).join(', ')}`,
              [shard, a.agentId, a.start, x.ready, x.busy, x.pausedPaid, x.pausedUnpaid, x.handling, a.chats, a.chatMs],
            );
          }
          for (const contactId of batch.erasedContacts) {
            await client.query(`UPDATE ${contacts} SET body = jsonb_set(body, '{customer}', jsonb_build_object('name', $3::text, 'contactId', $2::text)) WHERE shard = $1 AND body->>'contactId' = $2`, [shard, contactId, ERASED]);
          }
          await client.query(`INSERT INTO ${position} (shard, seq, state) VALUES ($1, $2, $3) ON CONFLICT (shard) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state`, [shard, batch.seq, JSON.stringify(batch.state)]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw storageFailed('saving a report batch', error, 'nothing of the batch was kept; the follower retries it');
        }
      });
    },
    async contactRecords(q: ContactRecordQuery = {}) {
      const where = ['shard = $1'];
      const values: unknown[] = [shard];
      const add = (clause: (n: string) => string, value: unknown) => {
        values.push(value);
        where.push(clause(`$${values.length}`));
      };
      if (q.from !== undefined) add((n) => `ended_at >= ${n}`, q.from);
      if (q.to !== undefined) add((n) => `ended_at < ${n}`, q.to);
      if (q.status !== undefined) add((n) => `status = ${n}`, q.status);
      if (q.outcome !== undefined) add((n) => `outcome = ${n}`, q.outcome);
      if (q.queueId !== undefined) add((n) => `${n} = ANY (queues)`, q.queueId);
      if (q.agentId !== undefined) add((n) => `${n} = ANY (agents)`, q.agentId);
      values.push(Math.max(0, Math.min(100_000, Math.floor(q.limit ?? 1_000))), Math.max(0, Math.floor(q.offset ?? 0)));
      const rows = await query<[ContactRecord]>('reading contact records', `SELECT body FROM ${contacts} WHERE ${where.join(' AND ')} ORDER BY ended_at, chat_id LIMIT $${values.length - 1} OFFSET $${values.length}`, values);
      return rows.map(([body]) => body);
    },
    async queueIntervals({ from, to, queueId }) {
      const rows = await query<unknown[]>('reading queue intervals', `SELECT queue_id, start, ${QUEUE_COLUMNS.join(', ')} FROM ${queueRows} WHERE shard = $1 AND start >= $2 AND start < $3 AND ($4::text IS NULL OR queue_id = $4) ORDER BY start, queue_id`, [shard, from, to, queueId ?? null]);
      return rows.map((r): QueueInterval => {
        const [id, start, offered, answered, answeredWithinSl, waitAnsweredMs, abandoned, shortAbandoned, handled, handleMs] = r.map((v, i) => (i === 0 ? v : Number(v))) as [string, ...number[]];
        return { queueId: id, start: start as number, offered: offered as number, answered: answered as number, answeredWithinSl: answeredWithinSl as number, waitAnsweredMs: waitAnsweredMs as number, abandoned: abandoned as number, shortAbandoned: shortAbandoned as number, handled: handled as number, handleMs: handleMs as number };
      });
    },
    async agentIntervals({ from, to, agentId }) {
      const rows = await query<unknown[]>('reading agent intervals', `SELECT agent_id, start, ${AGENT_COLUMNS.join(', ')} FROM ${agentRows} WHERE shard = $1 AND start >= $2 AND start < $3 AND ($4::text IS NULL OR agent_id = $4) ORDER BY start, agent_id`, [shard, from, to, agentId ?? null]);
      return rows.map((r): AgentInterval => {
        const [id, start, ready, busy, pausedPaid, pausedUnpaid, handling, chats, chatMs] = r.map((v, i) => (i === 0 ? v : Number(v))) as [string, ...number[]];
        return { agentId: id, start: start as number, time: { ready: ready as number, busy: busy as number, pausedPaid: pausedPaid as number, pausedUnpaid: pausedUnpaid as number, handling: handling as number }, chats: chats as number, chatMs: chatMs as number };
      });
    },
    async prune(before) {
      await query('pruning contact records', `DELETE FROM ${contacts} WHERE shard = $1 AND ended_at < $2`, [shard, before]);
      await query('pruning queue intervals', `DELETE FROM ${queueRows} WHERE shard = $1 AND start < $2`, [shard, before]);
      await query('pruning agent intervals', `DELETE FROM ${agentRows} WHERE shard = $1 AND start < $2`, [shard, before]);
    },
    async close() {
      if (owned) await pool.end();
    },
  };
}
