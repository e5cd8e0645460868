// `npm run start:cluster`: the reference host as several nodes on this machine. Starts PostgreSQL from npm (or uses
// DATABASE_URL), then NODES node processes (default 3) on ports BASE_PORT, BASE_PORT + 1, ... (default 3101), all on
// one shard and one shared data folder. Open any node's /desk or /chat; stop the owner (Ctrl+C here stops all, or
// `kill -9` one node's pid) and the others take over. CLUSTER_DIR (default: <tmp>/chatroute-cluster) holds the
// embedded PostgreSQL's data and the shared DATA_DIR, kept between runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startClusterPostgres } from './postgres';
import { createLogger, logLevelOf } from '../server/observability/logger';

const env = process.env;
const count = Number(env.NODES ?? 3);
const basePort = Number(env.BASE_PORT ?? 3101);
if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error(`NODES must be 1 to 9, got ${env.NODES}`);
const clusterDir = resolve(env.INIT_CWD ?? process.cwd(), env.CLUSTER_DIR || join(tmpdir(), 'chatroute-cluster'));
mkdirSync(clusterDir, { recursive: true, mode: 0o755 });
const dataDir = env.DATA_DIR ? resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR) : join(clusterDir, 'host');

const db = await startClusterPostgres({ dir: join(clusterDir, 'postgres') });
const names = Array.from({ length: count }, (_, i) => `node-${String.fromCharCode(97 + i)}`);
const addresses = names.map((_, i) => `127.0.0.1:${basePort + i}`);
const children: ChildProcess[] = names.map((name, i) =>
  // The same runtime (tsx's loader in execArgv) for each node, its output prefixed by the node's name.
  spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('./node.ts', import.meta.url))], {
    env: {
      ...env,
      NODE_NAME: name,
      PORT: String(basePort + i),
      HOST: '127.0.0.1',
      CLUSTER_HOSTS: [...addresses, ...(env.CLUSTER_HOSTS ?? '').split(',')].join(','),
      DATABASE_URL: db.connectionString,
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  }),
);

// One JSON line, like the nodes' own: sign in as alice, bob or carol (password `<name>-demo`) on any node, start a
// chat on any other; kill the owner (kill -9 <pid>) and another takes over within the lease (3 s).
createLogger({ level: logLevelOf(env.LOG_LEVEL) }).info(`chatroute cluster: ${count} nodes on one shard`, {
  postgres: db.embedded ? 'embedded (from npm)' : 'DATABASE_URL',
  nodes: names.map((name, i) => ({ node: name, desk: `http://${addresses[i]}/desk`, chat: `http://${addresses[i]}/chat`, pid: children[i]?.pid })),
  clusterDir,
});

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) process.exit(1);
  stopping = true;
  const exited = children.map((child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()))));
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal === 'SIGINT' ? 'SIGTERM' : signal);
  await Promise.all(exited);
  await db.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
