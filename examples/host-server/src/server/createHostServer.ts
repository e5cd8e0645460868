import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createEngine, systemClock, type Clock, type Engine } from 'chatroute';
import { WebSocketServer } from 'ws';
import { Auth } from './auth';
import type { HostConfig } from './config';
import { handleConnection } from './connection';
import type { HostContext } from './context';
import { sendJson } from './httpUtil';
import { serveStatic } from './staticFiles';
import { getUpload, postUpload } from './uploadRoutes';
import { UploadStore } from './uploadStore';

export interface HostServerOptions {
  readonly config: HostConfig;
  /** Default 127.0.0.1: the demo is for this machine. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  /** Where uploads go. Default: `data/` beside this package. */
  readonly dataDir?: string;
  /** The Vite build. Default: `dist/web` beside this package. */
  readonly webRoot?: string;
  /** Default: the system clock. */
  readonly clock?: Clock;
}

export interface HostServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly engine: Engine;
  /** Closes every connection, then the server, then stops the engine. */
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
  const engine = createEngine({ clock: options.clock ?? systemClock, queues: config.queues, agents: config.agents });
  const uploads = new UploadStore({ dataDir: options.dataDir ?? `${packageDir}data`, maxBytes: config.limits.maxUploadBytes, types: config.limits.uploadTypes });
  const context: HostContext = { engine, auth: new Auth(config.passwords), uploads, config };
  const webRoot = options.webRoot ?? `${packageDir}dist/web`;

  const http = createServer((req, res) => {
    route(context, webRoot, req, res).catch((error: unknown) => {
      console.error('chatroute host: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  // maxPayload makes ws refuse an oversized frame itself (close 1009) before it is buffered or parsed.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxFrameBytes });
  wss.on('connection', (ws) => handleConnection(context, ws));
  http.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://host').pathname !== '/ws' || !sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await listen(http, options.host ?? '127.0.0.1', options.port ?? 0);
  const { address, port } = http.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    engine,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      engine.stop();
    },
  };
}

async function route(context: HostContext, webRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://host');
  if (req.method === 'POST' && pathname === '/api/uploads') return postUpload(context, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
  // The start form needs the queues before any sign-in: ids and names only.
  if (pathname === '/api/queues') return sendJson(res, 200, context.config.queues.map((q) => ({ id: q.id, name: q.name })));
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
