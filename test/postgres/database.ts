import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server';

/**
 * One PostgreSQL server and pool for a test file: started before its tests, the pool ended before the server stops
 * after them. `ready` receives both once they are up.
 */
export function withTestDatabase(max: number, ready: (server: TestServer, pool: pg.Pool) => void): void {
  let server: TestServer | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    pool = new pg.Pool({ connectionString: server.connectionString, max });
    // Connections the server drops as it stops (after the tests) must not be uncaught errors.
    pool.on('error', () => {});
    ready(server, pool);
  }, 180_000);
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  }, 60_000);
}
