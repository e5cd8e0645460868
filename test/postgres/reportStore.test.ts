// chatroute/postgres's report store: the same report-store cases as memory and SQLite, on a real PostgreSQL.
import type pg from 'pg';
import { createPostgresReportStore } from '../../src/postgres/index';
import { reportStoreContract } from '../reports/contract';
import { withTestDatabase } from './database';

let pool: pg.Pool;
withTestDatabase(4, (_server, p) => {
  pool = p;
});

let shards = 0;
reportStoreContract('PostgreSQL', async () => createPostgresReportStore({ pool, shard: `reports-${++shards}` }));
