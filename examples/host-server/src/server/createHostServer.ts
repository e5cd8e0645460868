import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createEngine, systemClock, type Clock, type Engine, type EngineOptions } from 'chatroute';
import { createSqliteHistory, createSqliteStore } from 'chatroute/sqlite';
import { WebSocketServer, type WebSocket } from 'ws';
import { adminRoute } from './http/adminRoutes';
import { Auth } from './auth/auth';
import type { HostConfig } from './config';
import { Configuration } from './storage/configuration';
import { handleConnection } from './protocol/connection';
import { allowedHost, defaultAllowedHosts, openHostServices } from './hostServices';
import { clientInfo } from './limits/guards';
import { createInspector, type InspectorOptions } from './inspector/inspectorSocket';
import { INSPECTOR_PATH } from '../shared/inspector';
import type { HostContext } from './context';
import { openDataDir } from './storage/dataDir';
import { sendJson } from './http/httpUtil';
import { defaultSessionPolicy, type SessionPolicy } from './auth/sessions';
import { serveStatic } from './http/staticFiles';
import { getUpload, postUpload } from './http/uploadRoutes';
import { UploadStore } from './storage/uploadStore';

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
}

/**
 * Where a host that embeds a late-committing engine holds its output (see `HostServerOptions.outputCommit`). A port
 * the caller fills, so the host server depends on no cluster code: `src/cluster/` implements it.
 *
 * @example
 * ```ts
 * const outputCommit: OutputCommit = { socket: (ws) => gateSends(ws, flush), response: (res) => gateResponse(res, flush) };
 * await startHostServer({ config, openEngine, outputCommit });
 * ```
 */
export interface OutputCommit {
  /** The socket the sessions send through: each frame (and a close) leaves once what came before it is durable. */
  socket(ws: WebSocket): WebSocket;
  /** Holds an HTTP answer's end the same way. */
  response(res: ServerResponse): void;
}

export interface HostServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly engine: Engine;
  readonly context: HostContext;
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
  let engine: Engine;
  try {
    // With a data folder the engine recovers what the file holds (its journaled configuration wins over `queues`
    // and `agents`, which only seed a new file); without one it starts empty, as before.
    const durable = data.durable
      ? { store: createSqliteStore({ database: data.db }), history: createSqliteHistory({ database: data.db }) }
      : {};
    engine = options.openEngine !== undefined ? await options.openEngine('history' in durable ? { history: durable.history } : {}) : createEngine({
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
  const services = openHostServices(engine, data.db, config, uploads, options.now ?? (() => clock.now()));
  const context: HostContext = { engine, auth, uploads, config, configuration, ...services.context };
  const webRoot = options.webRoot ?? `${packageDir}dist/web`;
  const inspector = createInspector(context, options.inspector);

  let hosts: ReadonlySet<string> = new Set(config.allowedHosts ?? []);
  const output = options.outputCommit;
  const http = createServer((req, res) => {
    if (output !== undefined && req.url?.startsWith('/api/') === true) output.response(res);
    if (!allowedHost(hosts, req)) return sendJson(res, 421, { error: 'this server does not answer for that Host' });
    if (req.url?.startsWith('/chat') === true && services.context.guards.identities.visitorOf(req.headers.cookie) === undefined) {
      // The widget's returning-visitor cookie: set with the page, sent back (HttpOnly) with the WebSocket upgrade.
      // Secure when the page came over TLS (here, or at a proxy that says so: the flag only ever narrows the cookie).
      const tls = 'encrypted' in req.socket || req.headers['x-forwarded-proto'] === 'https';
      res.setHeader('Set-Cookie', services.context.guards.identities.setCookieHeader(tls));
    }
    route(context, webRoot, req, res).catch((error: unknown) => {
      console.error('chatroute host: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  // maxPayload makes ws refuse an oversized frame itself (close 1009) before it is buffered or parsed.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxFrameBytes });
  wss.on('connection', (ws, req: IncomingMessage) => handleConnection(context, output !== undefined ? output.socket(ws) : ws, clientInfo(req, services.context.guards.identities)));
  http.on('upgrade', (req, socket, head) => {
    if (!allowedHost(hosts, req)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const wait = services.context.guards.connections.take(req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${Math.ceil(wait / 1000)}\r\nConnection: close\r\n\r\n`);
      return;
    }
    if (new URL(req.url ?? '/', 'http://host').pathname === INSPECTOR_PATH && sameOrigin(req)) return inspector.handleUpgrade(req, socket, head);
    if (new URL(req.url ?? '/', 'http://host').pathname !== '/ws' || !sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  try {
    await listen(http, options.host ?? '127.0.0.1', options.port ?? 0);
  } catch (error) {
    clearInterval(sweeper);
    services.close();
    inspector.close();
    engine.stop();
    await data.close();
    throw error;
  }
  const { address, port } = http.address() as AddressInfo;
  if (config.allowedHosts === undefined) hosts = defaultAllowedHosts(address, port);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    engine,
    context,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        services.close();
        inspector.close();
        await closeClients([...wss.clients]);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        try {
          engine.stop();
        } catch (error) {
          // The journal already holds every accepted input; a failed snapshot only makes the next start replay more.
          console.error('chatroute host: the engine could not write its snapshot', error);
        }
        await data.close();
      })();
      return closing;
    },
  };
}

/** Says goodbye with 1001 ("going away": clients reconnect), and drops whoever has not closed within a moment. */
async function closeClients(clients: WebSocket[]): Promise<void> {
  await Promise.all(
    clients.map(
      (ws) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, 500);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1001, 'server restarting');
        }),
    ),
  );
}

async function route(context: HostContext, webRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://host');
  if (pathname.startsWith('/api/admin/')) return adminRoute(context, pathname, req, res);
  if (req.method === 'POST' && pathname === '/api/uploads') return postUpload(context, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
  // The start form needs the queues before any sign-in: ids and names only.
  if (pathname === '/api/queues') return sendJson(res, 200, context.configuration.queues().map((q) => ({ id: q.id, name: q.name })));
  const upload = /^\/uploads\/([\w-]+)$/.exec(pathname);
  if (upload !== null) return getUpload(context, upload[1] as string, res);
  return serveStatic(webRoot, pathname, res);
}

/**
 * Browsers send `Origin` on WebSocket upgrades; a page of another site must not open a socket here (credentials
 * travel in frames, not cookies, but refusing costs nothing). Non-browser clients send no Origin.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
