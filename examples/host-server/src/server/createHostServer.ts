import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createEngine, systemClock, type Clock, type Engine, type EngineOptions } from 'chatroute';
import { createSqliteHistory, createSqliteStore } from 'chatroute/sqlite';
import { Auth } from './auth/auth';
import { defaultSessionPolicy, type SessionPolicy } from './auth/sessions';
import type { HostConfig } from './config';
import type { HostContext } from './context';
import { openHostServices } from './hostServices';
import { createHttpFront, type OutputCommit } from './http/httpServer';
import { createInspector, type InspectorOptions } from './inspector/inspectorSocket';
import { Configuration } from './storage/configuration';
import { openDataDir } from './storage/dataDir';
import { UploadStore } from './storage/uploadStore';
import { createObservability, type ObservabilityOptions } from './observability/createObservability';
import { renderMetrics } from './observability/renderMetrics';

export type { OutputCommit } from './http/httpServer';

export interface HostServerOptions {
  readonly config: HostConfig;
  /** Default 127.0.0.1: the demo is for this machine. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  /**
   * The data folder: `chatroute.db` (the engine's journal and snapshots, chat history, sign-ins, passwords, the
   * configuration copy) and `uploads/`. A server started again on the same folder goes on where the last one
   * stopped. Without one, everything is in memory and uploads go to a temporary folder (tests).
   */
  readonly dataDir?: string;
  /** The Vite build. Default: `dist/web` beside this package. */
  readonly webRoot?: string;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** The time source of sign-in expiry. Default: the engine's clock. */
  readonly now?: () => number;
  /** How long sign-ins last (see {@link SessionPolicy}). */
  readonly sessions?: Partial<SessionPolicy>;
  /** Journal entries between the engine's snapshots (the engine's default when unset). */
  readonly snapshotEvery?: number;
  /** The statechart inspector at `/inspector` (supervisors and the admin; `open: true` lets anyone in, for development). */
  readonly inspector?: InspectorOptions;
  /**
   * Opens the engine instead of the host doing it (cluster nodes: `openEngine` on the shard's PostgreSQL store), given
   * the data folder's history. The host stops it on close; its store is the caller's to close.
   */
  readonly openEngine?: (parts: Pick<EngineOptions, 'history'>) => Promise<Engine>;
  /**
   * Output commit for an engine whose journal commits after `dispatch` returns (`openEngine`): the caller wraps every
   * client socket and every `/api/` answer so that nothing leaves before what was dispatched ahead of it is durable.
   * The host only applies it; how it waits (a cluster node: the engine's `flush()`) is the caller's.
   */
  readonly outputCommit?: OutputCommit;
  /**
   * Logs (one JSON object per line; default: standard output from `LOG_LEVEL`, else `info`), the bearer token of
   * `/metrics`, and readiness checks the embedder adds to `/readyz` (a cluster node: it holds the shard's lease).
   */
  readonly observability?: ObservabilityOptions;
}

export interface HostServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly engine: Engine;
  readonly context: HostContext;
  /** `/metrics` as text (`process: false` leaves out the process families, for an embedder that writes its own). */
  metrics(options?: { process?: boolean }): Promise<string>;
  /**
   * Closes every connection (1001, so clients reconnect), then the server, then stops the engine (which writes a
   * snapshot and closes its journal) and closes the data folder.
   */
  close(): Promise<void>;
}

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A Node `http` server with a `ws` WebSocket endpoint around one chatroute engine: this is everything a host
 * adds to the library. The engine decides who gets which chat; the host authenticates people, carries frames,
 * stores files, and serves the pages.
 *
 * @example
 * ```ts
 * const server = await startHostServer({ config: demoConfig(), port: 0 });
 * console.log(`${server.url}/desk`);
 * await server.close();
 * ```
 */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const data = await openDataDir(options.dataDir);
  let stopping = false;
  let engine: Engine;
  // With a data folder the engine recovers what the file holds (its journaled configuration wins over `queues`
  // and `agents`, which only seed a new file); without one it starts empty, as before.
  let durable: Pick<EngineOptions, 'store' | 'history'> = {};
  try {
    if (data.durable) durable = { store: createSqliteStore({ database: data.db }), history: createSqliteHistory({ database: data.db }) };
    engine = options.openEngine !== undefined ? await options.openEngine(durable.history !== undefined ? { history: durable.history } : {}) : createEngine({
      clock,
      queues: config.queues,
      agents: config.agents,
      ...durable,
      ...(options.snapshotEvery !== undefined ? { snapshotEvery: options.snapshotEvery } : {}),
    });
  } catch (error) {
    await data.close();
    throw error;
  }
  let configuration: Configuration;
  let auth: Auth;
  try {
    configuration = new Configuration(data.db, engine);
    configuration.seed(config.queues, config.agents, config.queueNumbers);
    auth = await Auth.open({
      db: data.db,
      policy: { ...defaultSessionPolicy, ...options.sessions },
      now: options.now ?? (() => clock.now()),
      chat: (chatId) => {
        const chat = engine.getChat(chatId);
        if (chat === undefined) return undefined;
        const endedAt = chat.endedAt ?? chat.customerLeftAt;
        return endedAt !== undefined ? { startedAt: chat.enqueuedAt, endedAt } : { startedAt: chat.enqueuedAt };
      },
      passwords: config.passwords,
      ...(config.scryptN !== undefined ? { scryptN: config.scryptN } : {}),
      ...(config.admin !== undefined ? { admin: config.admin } : {}),
    });
  } catch (error) {
    engine.stop();
    await data.close();
    throw error;
  }
  // Lapsed sign-ins are refused when used; the sweep keeps the table from growing with ones nobody uses again.
  auth.sessions.sweep();
  const sweeper = setInterval(() => auth.sessions.sweep(), 3_600_000);
  sweeper.unref();
  const uploads = new UploadStore({ dir: data.uploadsDir, maxBytes: config.limits.maxUploadBytes, types: config.limits.uploadTypes });
  const observe = createObservability(options.observability, {
    // The engine is open until the server stops it; the store answers a query (SQLite here; the embedder checks its own).
    engine: () => (stopping ? 'the server is stopping' : undefined),
    store: () => (data.db.open && data.db.prepare('SELECT 1 AS one').get() !== undefined ? undefined : 'the data folder\'s database is closed'),
  });
  const services = openHostServices(engine, data.db, config, uploads, options.now ?? (() => clock.now()), observe.log, durable.history !== undefined ? { history: durable.history } : {});
  const context: HostContext = { engine, auth, uploads, config, configuration, observe, ...services.context };
  const webRoot = options.webRoot ?? `${packageDir}dist/web`;
  const inspector = createInspector(context, options.inspector);

  const front = createHttpFront(context, { webRoot, inspector, output: options.outputCommit });

  let bound: AddressInfo;
  try {
    bound = await front.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  } catch (error) {
    clearInterval(sweeper);
    await services.close();
    inspector.close();
    observe.stats.close();
    engine.stop();
    await data.close();
    throw error;
  }
  const { address, port } = bound;
  observe.log.info('listening', { address, port, durable: data.durable });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    engine,
    context,
    metrics: async (parts) => renderMetrics({ engine: engine.metrics(), host: observe.metrics, stats: observe.stats, ready: (await observe.readiness()).ready, ...parts }),
    close() {
      closing ??= (async () => {
        stopping = true;
        clearInterval(sweeper);
        await services.close();
        inspector.close();
        await front.close();
        try {
          engine.stop();
        } catch (error) {
          // The journal already holds every accepted input; a failed snapshot only makes the next start replay more.
          observe.log.error('the engine could not write its snapshot', { error });
        }
        observe.stats.close();
        await data.close();
      })();
      return closing;
    },
  };
}
