// One node of the reference host in a cluster (`npm run start:cluster` starts two or three; a platform runs one per
// machine or container). Every node takes clients; the one holding the shard's lease runs the engine, the others
// carry their clients to it. Environment:
//   NODE_NAME       unique in the cluster (default node-<pid>)
//   PORT, HOST      where this node listens (default 3101, 127.0.0.1)
//   PUBLIC_ADDRESS  host:port other nodes reach it at, advertised in the lease row (default HOST:PORT)
//   CLUSTER_HOSTS   every host:port a browser may use: all nodes and the load balancer (the Host allow-list)
//   DATABASE_URL    PostgreSQL (required): the shard's journal, snapshots and lease
//   DATA_DIR        shared by all nodes (required): sign-ins, passwords, uploads, history, the configuration copy
//   SHARD           default "demo"; LEASE_TTL_MS default 3000
//   LOG_LEVEL, METRICS_TOKEN, HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, TRUST_PROXY  as for `npm start`; the node trusts
//                   its own forwarder and the CLUSTER_HOSTS peers to name clients in X-Forwarded-For by itself
import pg from 'pg';
import { demoConfig } from '../server/demoConfig';
import { hostEnv } from '../server/hostEnv';
import { createLogger, logLevelOf } from '../server/observability/logger';
import { ClusterNode } from './ClusterNode';

const env = process.env;
const required = (name: string): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} must be set`);
  return value;
};
const name = env.NODE_NAME || `node-${process.pid}`;
const host = env.HOST || '127.0.0.1';
const port = Number(env.PORT ?? 3101);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
const address = env.PUBLIC_ADDRESS || `${host}:${port}`;
const hosts = new Set<string>();
for (const one of [address, ...(env.CLUSTER_HOSTS ?? '').split(',')].map((h) => h.trim().toLowerCase()).filter((h) => h !== '')) {
  hosts.add(one);
  const loopback = /^(?:127\.0\.0\.1|localhost):(\d+)$/.exec(one);
  if (loopback !== null) for (const alias of ['127.0.0.1', 'localhost']) hosts.add(`${alias}:${loopback[1]}`);
}

const log = createLogger({ level: logLevelOf(env.LOG_LEVEL), fields: { node: name } });
const ops = hostEnv(env);
const demo = demoConfig();
const config = {
  ...(env.ADMIN_PASSWORD ? { ...demo, admin: { user: env.ADMIN_USER || 'admin', password: env.ADMIN_PASSWORD } } : demo),
  allowedHosts: [...hosts],
  ...ops.config,
  limits: { ...demo.limits, ...ops.limits },
};
const peers = (env.CLUSTER_HOSTS ?? '').split(',').map((h) => h.trim()).filter((h) => h !== '' && h !== address);
const pool = new pg.Pool({ connectionString: required('DATABASE_URL'), max: 6 });
pool.on('error', () => {}); // an idle connection cut by the server; the next query opens another
const node = new ClusterNode({
  name,
  address,
  listenHost: host,
  pool,
  shard: env.SHARD || 'demo',
  leaseTtlMs: Number(env.LEASE_TTL_MS ?? 3_000),
  config,
  dataDir: required('DATA_DIR'),
  server: { inspector: { open: env.INSPECTOR === '1' }, observability: { logger: log, ...ops.observability } },
  peers,
  log: (line) => log.info(line),
});
await node.start();

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) process.exit(1);
  stopping = true;
  log.info(`${name}: stopping (snapshot, lease released)`, { signal });
  node
    .stop()
    .then(() => pool.end())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        log.error(`${name}: stop failed`, { error });
        process.exit(1);
      },
    );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
