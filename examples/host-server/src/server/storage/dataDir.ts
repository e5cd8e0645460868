import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Where `npm start` keeps its state: `DATA_DIR` when set, else `./data` under the host's working folder. npm runs
 * a workspace's scripts in the workspace folder, so `npm start` from the repository root always lands on
 * `examples/host-server/data`. A relative `DATA_DIR` is read from where the command was typed (npm's `INIT_CWD`),
 * which is what a person means by `DATA_DIR=./state npm start`.
 *
 * @example
 * ```ts
 * resolveDataDir({ DATA_DIR: '/var/lib/chatroute' }, '/srv/app'); // '/var/lib/chatroute'
 * ```
 */
export function resolveDataDir(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const configured = env.DATA_DIR;
  if (configured === undefined || configured === '') return resolve(cwd, 'data');
  return isAbsolute(configured) ? configured : resolve(env.INIT_CWD ?? cwd, configured);
}

/** The host's storage: one SQLite file (engine journal, history, sessions, passwords) and the uploads folder. */
export interface DataDir {
  /** One connection shared by the engine's store, its history and the host's own tables (separate table names). */
  readonly db: Database.Database;
  readonly uploadsDir: string;
  /** Whether this is a real folder (false: in memory, with uploads in a temporary folder removed on close). */
  readonly durable: boolean;
  close(): Promise<void>;
}

/**
 * Opens `dataDir` (created with mode 0700; the database file gets 0600, since it holds password and token hashes),
 * or, without one, an in-memory database and a temporary uploads folder for tests.
 */
export async function openDataDir(dataDir: string | undefined): Promise<DataDir> {
  if (dataDir === undefined) {
    const temp = await mkdtemp(join(tmpdir(), 'chatroute-host-memory-'));
    const db = new Database(':memory:');
    return {
      db,
      uploadsDir: join(temp, 'uploads'),
      durable: false,
      async close() {
        if (db.open) db.close();
        await rm(temp, { recursive: true, force: true });
      },
    };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'chatroute.db');
  const isNew = !existsSync(path);
  const db = new Database(path);
  if (isNew) chmodSync(path, 0o600);
  return {
    db,
    uploadsDir: join(dataDir, 'uploads'),
    durable: true,
    async close() {
      if (db.open) db.close();
    },
  };
}
