/**
 * `chatroute/postgres`: the engine's journal and snapshots in PostgreSQL through `pg` 8.x (an optional peer
 * dependency; install it to use this entry), one fenced writer per shard.
 *
 * - {@link createPostgresStore}: an `AsyncStore` for `openEngine`, with the shard's lease (`acquire`, renewal,
 *   `lost`, `release`) and every write fenced by the lease's epoch in the same statement.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { openEngine } from 'chatroute';
 * import { createPostgresStore } from 'chatroute/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = createPostgresStore({ pool, shard: 'tenant-42', owner: `node-${process.pid}`, leaseTtlMs: 5_000 });
 * await store.acquire();
 * const engine = await openEngine({ store, queues, agents });
 * ```
 *
 * @packageDocumentation
 */
export { createPostgresStore } from './createPostgresStore';
export type { AcquireOptions, PostgresStore, PostgresStoreOptions } from './createPostgresStore';
export { realTimers } from './LeaseKeeper';
export type { LeaseInfo, LeaseState, LeaseTimers } from './LeaseKeeper';
export { createPostgresReportStore } from './createPostgresReportStore';
export type { PostgresReportStoreOptions } from './createPostgresReportStore';
export { createLeaseGroup } from './createLeaseGroup';
export type { LeaseGroup, LeaseGroupOptions } from './createLeaseGroup';
