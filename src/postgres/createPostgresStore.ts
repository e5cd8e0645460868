import type pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { ChatrouteError } from '../errors/ChatrouteError';
import { requirePeer } from '../peers/requirePeer';
import type { AsyncStore, StoreContents, StoredRecord } from '../store/types';
import { listenToPool, storageFailed, withClient } from './connections';
import { membershipOf, type LeaseGroup } from './createLeaseGroup';
import { LeaseKeeper, realTimers, type LeaseInfo, type LeaseState, type LeaseTimers } from './LeaseKeeper';
import { ensureSchema, tables } from './schema';
import { statements, type Statements } from './statements';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** A `pg` pool you manage (left open by `close()`), or a `connectionString` for a pool the store opens and ends. */
  readonly pool?: Pool;
  readonly connectionString?: string;
  /** The shard this store journals: one engine (a tenant, or a group of queues). */
  readonly shard: string;
  /** This node's name, as the lease row shows it (unique per process is best: `host-pid`). */
  readonly owner: string;
  /** How long a lease runs unrenewed, by the database's clock (default 10 s): the longest a dead owner blocks. */
  readonly leaseTtlMs?: number;
  /** How often the holder renews (default a third of the TTL, so two renewals may fail before it lapses). */
  readonly renewEveryMs?: number;
  /** A PostgreSQL schema for the tables (created when missing); default: the connection's search path. */
  readonly schema?: string;
  /** Journal rows read per query by `load()` (default 10,000). */
  readonly pageRows?: number;
  /** Timers of the lease (real ones by default). */
  readonly timers?: LeaseTimers;
  /**
   * Renew this store's lease with the others of a node's {@link LeaseGroup} (one statement per tick for all of them)
   * instead of on a timer of its own. Its owner, TTL, renewal period, schema and timers are the group's.
   */
  readonly leaseGroup?: LeaseGroup;
}

/** How {@link PostgresStore.acquire} waits. */
export interface AcquireOptions {
  /** Give up after this long (default: wait for ever); then `acquire` resolves `null`. */
  readonly waitMs?: number;
  /** Time between attempts while another node holds the shard (default a fifth of the TTL, 50 ms to 1 s). */
  readonly pollMs?: number;
}

/**
 * An {@link AsyncStore} on PostgreSQL for one shard, with the lease that makes its holder the shard's one writer.
 * See {@link createPostgresStore}.
 */
export interface PostgresStore extends AsyncStore {
  readonly shard: string;
  readonly owner: string;
  /** The fencing token while this store holds the lease; `undefined` before and after. */
  readonly epoch: number | undefined;
  /** `idle` → `acquiring` → `owner` → `stepped-down` (lost) or `released` (graceful). */
  readonly state: LeaseState;
  /** Takes the shard's lease when it is free or expired by the database's clock; polls until then. */
  acquire(options?: AcquireOptions): Promise<number | null>;
  /** Ends the lease at once so a peer takes over without waiting for the TTL (call after `engine.stop()`). */
  release(): Promise<void>;
  /** Resolves (never rejects) with a `fenced` error once this store has stepped down: lease lost or a write fenced. */
  readonly lost: Promise<ChatrouteError>;
  /** Calls `listener` once when the store steps down (at once if it has); returns an unsubscribe function. */
  onLost(listener: (error: ChatrouteError) => void): () => void;
  /** Who holds the shard now and for how long, by the database's clock; `null` for a shard never acquired. */
  readLease(): Promise<LeaseInfo | null>;
}

type Row = [seq: string, body: string, crc: string];
const record = ([seq, body, crc]: Row): StoredRecord => ({ seq: Number(seq), body, crc: Number(crc) });

/** The latest snapshot and the journal after it, in pages, from one read-only REPEATABLE READ transaction. */
async function loadShard(client: PoolClient, sql: Statements, shard: string, pageRows: number): Promise<StoreContents> {
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = await client.query<[string]>({ text: sql.formatVersion, values: [shard], rowMode: 'array' });
    const latest = await client.query<Row>({ text: sql.latestSnapshot, values: [shard], rowMode: 'array' });
    const snapshot = latest.rows[0] !== undefined ? record(latest.rows[0]) : null;
    const entries: StoredRecord[] = [];
    let after = snapshot?.seq ?? Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = await client.query<Row>({ text: sql.page, values: [shard, after, pageRows], rowMode: 'array' });
      for (const row of page.rows) entries.push(record(row));
      if (page.rows.length < pageRows) break;
      after = (entries[entries.length - 1] as StoredRecord).seq;
    }
    await client.query('COMMIT');
    const formatVersion = version.rows[0] !== undefined ? Number(version.rows[0][0]) : null;
    return { formatVersion, snapshot, entries };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * A journal and snapshots in PostgreSQL for one shard, with a lease that makes one process its writer. Tables
 * `chatroute_shards` (the leases), `chatroute_journal`, `chatroute_snapshots` and `chatroute_meta`, created when
 * missing; many shards share them.
 *
 * Call `acquire()` first: it takes the lease when free or expired by the database's clock, increments its epoch (the
 * fencing token) and renews it every `renewEveryMs`. Every write (`append`, `saveSnapshot`, `truncateAfter`,
 * `initialize`) is one statement that holds only while the lease row still names this owner and epoch unexpired,
 * so an owner that was paused or cut off past its lease writes nothing: its write rejects with `ChatrouteError`
 * `fenced`, the store steps down (`lost` resolves, later writes reject at once), and the engine on it fails and
 * stops. `load()` reads the latest snapshot and the journal after it in one consistent snapshot of the database,
 * in pages; after `acquire()` it sees every write any earlier owner committed.
 *
 * A database restart, failover or dropped connection never crashes the process (every client and pool the store
 * uses has an 'error' listener). What fails is rejected as `ChatrouteError` `storage-failed` (the driver's error as
 * `cause`): a write's outcome is then unknown, so the engine on it fails (openEngine's `onFailed`) and the host
 * reopens it from this store once the database is back (a new store if this one stepped down). `acquire()` waits
 * through connection errors as it waits for the shard; renewals keep trying while the lease runs, and the store
 * steps down once it has not renewed within its TTL, answered or not.
 *
 * @example
 * ```ts
 * import { openEngine } from 'chatroute';
 * import { createPostgresStore } from 'chatroute/postgres';
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL, shard: 'tenant-42', owner: `node-${process.pid}` });
 * await store.acquire(); // waits while another node holds tenant-42
 * store.onLost(() => process.exit(1)); // or reopen: a new store, acquire, openEngine
 * const engine = await openEngine({ store, queues, agents });
 * ```
 */
export function createPostgresStore(given: PostgresStoreOptions): PostgresStore {
  const group = given.leaseGroup;
  const options: PostgresStoreOptions = group === undefined ? given : { ...given, pool: given.pool ?? group.pool, owner: group.owner, leaseTtlMs: group.ttlMs, renewEveryMs: group.renewEveryMs, timers: group.timers, ...(group.schema !== undefined ? { schema: group.schema } : {}) };
  const { shard, owner } = options;
  if (typeof shard !== 'string' || shard === '' || typeof owner !== 'string' || owner === '') {
    throw new ChatrouteError('invalid-argument', 'createPostgresStore needs a non-empty shard and owner');
  }
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new ChatrouteError('invalid-argument', 'createPostgresStore needs exactly one of pool and connectionString');
  }
  const ttlMs = options.leaseTtlMs ?? 10_000;
  const renewEveryMs = options.renewEveryMs ?? Math.floor(ttlMs / 3);
  if (!(ttlMs > 0) || !(renewEveryMs > 0) || renewEveryMs >= ttlMs) {
    throw new ChatrouteError('invalid-argument', `leaseTtlMs (${ttlMs}) and renewEveryMs (${renewEveryMs}) must be positive, renewals more frequent than the TTL`);
  }
  const pageRows = options.pageRows ?? 10_000;
  const owned = options.pool === undefined;
  // pg is needed only to open a pool of our own: a host passing its pool may have its own copy.
  const pool = options.pool ?? new (requirePeer<typeof pg>('pg').Pool)({ connectionString: options.connectionString });
  // A connection the server drops (a restart, a failover, an administrator) is an 'error' on the pool, which would be
  // an uncaught exception without a listener, on a pool passed in too: see connections.ts.
  listenToPool(pool);
  const names = tables(options.schema);
  const sql = statements(names);
  let schemaReady: Promise<void> | undefined;
  const ready = () => (schemaReady ??= ensureSchema(pool, options.schema, names).catch((error: unknown) => {
    schemaReady = undefined;
    throw storageFailed('creating the tables', error, 'retry once the database is back');
  }));
  const lease = new LeaseKeeper({ pool, sql, shard, owner, ttlMs, renewEveryMs, timers: options.timers ?? realTimers, ready, ...(group !== undefined ? { group: membershipOf(group) } : {}) });
  let closed = false;

  /** Runs one fenced write; `held` tells whether the lease held. When it did not, the store steps down. */
  async function fenced(what: string, run: (fence: [string, string, number]) => Promise<boolean>): Promise<void> {
    if (closed) throw new ChatrouteError('engine-stopped', `${what}: the store is closed`);
    const fence = lease.fence(what);
    let held: boolean;
    try {
      held = await run(fence);
    } catch (error) {
      // The write's outcome is unknown (the connection may have dropped after the commit): the caller must not
      // count on it either way; the next load, by this store or a new owner, shows whether it landed.
      throw storageFailed(what, error, 'it may or may not have been written; reopen the engine from the store (openEngine) once the database is back');
    }
    if (held) return;
    lease.stepDown(new ChatrouteError('fenced', `${what} refused: shard ${JSON.stringify(shard)} is no longer held by ${JSON.stringify(owner)} at epoch ${fence[2]}`));
    throw lease.fencedError(what);
  }

  return {
    async: true,
    shard,
    owner,
    get epoch() {
      return lease.state === 'owner' ? lease.epoch : undefined;
    },
    get state() {
      return lease.state;
    },
    lost: lease.lost,
    onLost: (listener) => lease.onLost(listener),
    acquire: ({ waitMs = Number.POSITIVE_INFINITY, pollMs = Math.min(1_000, Math.max(50, Math.floor(ttlMs / 5))) } = {}) => lease.acquire(waitMs, pollMs),
    release: () => lease.release(),
    readLease: () => lease.read(),

    async load(): Promise<StoreContents> {
      try {
        await ready();
        return await withClient(pool, (client) => loadShard(client, sql, shard, pageRows));
      } catch (error) {
        throw storageFailed('load', error, 'retry once the database is back');
      }
    },

    initialize: (formatVersion) =>
      fenced('initialize', async (fence) => (await pool.query(sql.initialize, [...fence, String(formatVersion)])).rowCount === 1),

    append: (entries) =>
      fenced('append', async (fence) => {
        if (entries.length === 0) return true;
        const seqs: number[] = [];
        const bodies: string[] = [];
        const crcs: number[] = [];
        for (const e of entries) {
          seqs.push(e.seq);
          bodies.push(e.body);
          crcs.push(e.crc);
        }
        const result = await pool.query({ name: `chatroute-append${names.key}`, text: sql.append, values: [...fence, seqs, bodies, crcs] });
        return result.rowCount === entries.length;
      }),

    saveSnapshot: (snapshot, { compact }) =>
      fenced('saveSnapshot', async (fence) => {
        const result = await pool.query<{ held: number }>(sql.saveSnapshot, [...fence, snapshot.seq, snapshot.body, snapshot.crc, compact]);
        return result.rows[0]?.held === 1;
      }),

    truncateAfter: (seq) =>
      fenced('truncateAfter', async (fence) => {
        const result = await pool.query<{ held: number }>(sql.truncateAfter, [...fence, seq]);
        return result.rows[0]?.held === 1;
      }),

    events: {
      appendEvents: (events) =>
        fenced('appendEvents', async (fence) => {
          if (events.length === 0) return true;
          // Rows already kept (a batch written again after a crash) insert nothing: the lease is checked apart.
          await pool.query(sql.appendEvents, [...fence, events.map((e) => e.seq), events.map((e) => e.body)]);
          return (await pool.query(sql.renewCheck, fence)).rowCount === 1;
        }),
      pruneEvents: (seq) =>
        fenced('pruneEvents', async (fence) => (await pool.query<{ held: number }>(sql.pruneEvents, [...fence, seq])).rows[0]?.held === 1),
      async readEvents(afterSeq, limit) {
        try {
          await ready();
          const result = await pool.query<[string, string]>({ text: sql.pageEvents, values: [shard, afterSeq, limit], rowMode: 'array' });
          return result.rows.map(([seq, body]) => ({ seq: Number(seq), body }));
        } catch (error) {
          throw storageFailed('readEvents', error, 'retry once the database is back');
        }
      },
      async rewriteEvents(rewrite) {
        const seqs: number[] = [];
        const bodies: string[] = [];
        try {
          await ready();
          for (let after = Number.MIN_SAFE_INTEGER; ; ) {
            const page = await pool.query<[string, string]>({ text: sql.pageEvents, values: [shard, after, 10_000], rowMode: 'array' });
            for (const [seqText, body] of page.rows) {
              const seq = Number(seqText);
              const next = rewrite({ seq, body });
              if (next !== undefined) (seqs.push(seq), bodies.push(next.body));
              after = seq;
            }
            if (page.rows.length < 10_000) break;
          }
        } catch (error) {
          throw storageFailed('rewriteEvents', error, 'retry once the database is back');
        }
        if (seqs.length === 0) return 0;
        await fenced('rewriteEvents', async (fence) => (await pool.query<{ held: number }>(sql.rewriteEvents, [...fence, seqs, bodies])).rows[0]?.held === 1);
        return seqs.length;
      },
      async eventRange() {
        try {
          await ready();
          const result = await pool.query<[string | null, string | null]>({ text: sql.eventRange, values: [shard], rowMode: 'array' });
          const [first, last] = result.rows[0] ?? [null, null];
          return first === null || last === null ? null : { first: Number(first), last: Number(last) };
        } catch (error) {
          throw storageFailed('eventRange', error, 'retry once the database is back');
        }
      },
    },

    async scrub() {
      // Rewrites the tables without their dead rows (the erased contact's old versions), then asks for a checkpoint
      // and a new write-ahead log segment, so the old segments can go (with wal_recycle = off and no archiving they are
      // deleted; otherwise they hold the old bytes until overwritten). VACUUM FULL locks the tables a moment, for every
      // shard: erasures are rare. A role that may not checkpoint skips that part.
      try {
        await withClient(pool, async (client) => {
          await client.query(`VACUUM FULL ${names.journal}, ${names.snapshots}, ${names.events}`);
          await client.query('CHECKPOINT').catch(() => {});
          await client.query('SELECT pg_switch_wal()').catch(() => {});
          await client.query('CHECKPOINT').catch(() => {});
        });
      } catch (error) {
        throw storageFailed('scrub', error, 'the erasure is done in the tables; run VACUUM FULL on them once the database is back');
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      try {
        await lease.release();
      } finally {
        if (owned) await pool.end();
      }
    },
  };
}
