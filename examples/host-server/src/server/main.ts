// `npm start`: the demo contact center on this machine. Open the desk in one window and the chat in another.
// State lives in DATA_DIR (default ./data here): stop and start again, and everything goes on where it was.
import { startHostServer } from './createHostServer';
import { resolveDataDir } from './storage/dataDir';
import { demoConfig } from './demoConfig';
import { createLogger, logLevelOf } from './observability/logger';
import { hostEnv } from './hostEnv';

const demo = demoConfig();
const config = process.env.ADMIN_PASSWORD ? { ...demo, admin: { user: process.env.ADMIN_USER || 'admin', password: process.env.ADMIN_PASSWORD } } : demo;
// ALLOWED_HOSTS=chat.example.com,10.0.0.5:3000: the Host headers to answer when listening beyond this machine
// (by default only the listening address and localhost, on its port).
const allowedHosts = process.env.ALLOWED_HOSTS?.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
const dataDir = resolveDataDir(process.env, process.cwd());
const log = createLogger({ level: logLevelOf(process.env.LOG_LEVEL) });
// HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, TRUST_PROXY, METRICS_TOKEN (see the README's Operations).
const ops = hostEnv(process.env);

/** A numeric setting from the environment, or undefined when unset. */
function numberFromEnv(name: string, min: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}, got ${text}`);
  return value;
}
// Webhook deliveries and retention (README: "Webhooks", "Erasure and retention").
const webhookPolicy = Object.fromEntries(
  Object.entries({
    maxAttempts: numberFromEnv('WEBHOOK_MAX_ATTEMPTS', 1),
    timeoutMs: numberFromEnv('WEBHOOK_TIMEOUT_MS', 1),
    baseBackoffMs: numberFromEnv('WEBHOOK_BACKOFF_MS', 0),
    maxBackoffMs: numberFromEnv('WEBHOOK_BACKOFF_CAP_MS', 0),
  }).filter(([, value]) => value !== undefined),
);
const retentionDays = numberFromEnv('RETENTION_DAYS', Number.MIN_VALUE);
const reportFlushMs = numberFromEnv('REPORT_FLUSH_MS', 0);

const server = await startHostServer({
  config: {
    ...config,
    webhooks: webhookPolicy,
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    ...(reportFlushMs !== undefined ? { reportFlushMs } : {}),
    ...(allowedHosts?.length ? { allowedHosts } : {}),
    limits: { ...config.limits, ...ops.limits },
    ...ops.config,
  },
  port,
  host: process.env.HOST ?? '127.0.0.1',
  dataDir,
  inspector: { open: process.env.INSPECTOR === '1' },
  observability: { logger: log, ...ops.observability },
});

// The pages and who may sign in; the demo accounts' passwords are in the README (`<name>-demo`), never in a log.
log.info('chatroute demo host is running', {
  desk: `${server.url}/desk`,
  chat: `${server.url}/chat`,
  inspector: `${server.url}/inspector`,
  admin: `${server.url}/admin`,
  health: `${server.url}/healthz`,
  agents: Object.keys(config.passwords),
  inspectorOpen: process.env.INSPECTOR === '1',
  dataDir,
});

// Graceful stop: close connections (clients reconnect), snapshot the engine, close the database. A second signal
// while stopping exits at once.
let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1);
  stopping = true;
  log.info('stopping (snapshot, then close)', { signal });
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error('stop failed', { error });
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
