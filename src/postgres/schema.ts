import type { Pool } from 'pg';
import { ChatrouteError } from '../errors/ChatrouteError';
import { withClient } from './connections';

/** The tables of one PostgreSQL schema, as SQL names (quoted, schema-qualified when a schema was chosen). */
export interface Tables {
  readonly shards: string;
  readonly journal: string;
  readonly snapshots: string;
  readonly meta: string;
  /** The archive of published events (`engine.eventsAfter`). */
  readonly events: string;
  /** Names prepared statements apart per schema (a statement name is bound to one text per connection). */
  readonly key: string;
}

/** Advisory lock key under which DDL runs: `CREATE TABLE IF NOT EXISTS` alone races with itself on pg_type. */
const DDL_LOCK = 0x63_68_72_74; // 'chrt'

export function tables(schema: string | undefined): Tables {
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new ChatrouteError('invalid-argument', `schema must be a plain SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}`);
  }
  const q = (name: string) => (schema === undefined ? name : `"${schema}".${name}`);
  return {
    shards: q('chatroute_shards'),
    journal: q('chatroute_journal'),
    snapshots: q('chatroute_snapshots'),
    meta: q('chatroute_meta'),
    events: q('chatroute_events'),
    key: schema ?? '',
  };
}

/**
 * Creates the tables when missing. Idempotent, and safe when several nodes start at once: the statements run in one
 * transaction under a transaction-scoped advisory lock, so a second node waits and then finds them.
 */
export async function ensureSchema(pool: Pool, schema: string | undefined, t: Tables): Promise<void> {
  await withClient(pool, async (client) => {
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      // One lease row per shard: who may write its journal (owner), under which fencing token (epoch), and until when
      // by the database's clock (expires_at). Epochs only grow, across owners and restarts.
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.shards} (
        shard text PRIMARY KEY,
        owner text NOT NULL,
        epoch bigint NOT NULL,
        expires_at timestamptz NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now()
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.journal} (
        shard text NOT NULL,
        seq bigint NOT NULL,
        body text NOT NULL,
        crc bigint NOT NULL,
        PRIMARY KEY (shard, seq)
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.snapshots} (
        shard text NOT NULL,
        seq bigint NOT NULL,
        body text NOT NULL,
        crc bigint NOT NULL,
        PRIMARY KEY (shard, seq)
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.events} (
        shard text NOT NULL,
        seq bigint NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (shard, seq)
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.meta} (
        shard text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (shard, key)
      )`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
