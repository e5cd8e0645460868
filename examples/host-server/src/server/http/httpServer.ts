import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { INSPECTOR_PATH } from '../../shared/inspector';
import type { HostContext } from '../context';
import type { Inspector } from '../inspector/inspectorSocket';
import { clientInfo } from '../limits/guards';
import { Heartbeat } from '../limits/Heartbeat';
import { handleConnection } from '../protocol/connection';
import { adminRoute } from './adminRoutes';
import { sendJson } from './httpUtil';
import { OPS_PATHS, opsRoute, routeLabel } from './opsRoutes';
import { serveStatic } from './staticFiles';
import { getUpload, postUpload } from './uploadRoutes';
import { intervalsRoute } from './reportRoutes';

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

export interface HttpFront {
  /** Binds, and from then on answers the default Host names of the address actually bound (unless configured). */
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Closes every WebSocket (1001, so clients reconnect), then the HTTP server. */
  close(): Promise<void>;
}

/**
 * The host's one `http` server: the pages, the upload and admin endpoints, and the WebSocket upgrades of `/ws` and
 * the inspector, each behind the Host allow-list, the per-IP connection rate and the same-origin check.
 *
 * @example
 * ```ts
 * const front = createHttpFront(context, { webRoot, inspector });
 * const { address, port } = await front.listen('127.0.0.1', 0);
 * ```
 */
export function createHttpFront(context: HostContext, options: { readonly webRoot: string; readonly inspector: Inspector; readonly output?: OutputCommit }): HttpFront {
  const { webRoot, inspector, output } = options;
  const { identities, connections } = context.guards;
  const { guards } = context;
  // Empty until bound when not configured: the default names need the port actually bound.
  let hosts: ReadonlySet<string> = new Set(context.config.allowedHosts ?? []);
  const { observe } = context;
  const http = createServer((req, res) => {
    const pathname = pathOf(req);
    res.once('finish', () => observe.metrics.http(routeLabel(req.method, pathname), res.statusCode));
    // Probes come with whatever Host their network gives them (a pod's address): health and readiness say nothing
    // private, and /metrics skips the allow-list only behind its bearer token.
    if (OPS_PATHS.has(pathname) && (pathname !== '/metrics' || observe.metricsToken !== undefined || allowedHost(hosts, req))) {
      return void opsRoute(context, pathname, req, res).catch((error: unknown) => failed(error, res));
    }
    if (output !== undefined && req.url?.startsWith('/api/') === true) output.response(res);
    if (!allowedHost(hosts, req)) return sendJson(res, 421, { error: 'this server does not answer for that Host' });
    if (req.url?.startsWith('/chat') === true && identities.visitorOf(req.headers.cookie) === undefined) {
      // The widget's returning-visitor cookie: set with the page, sent back (HttpOnly) with the WebSocket upgrade.
      // Secure when the page came over TLS (here, or at a proxy that says so: the flag only ever narrows the cookie).
      const tls = 'encrypted' in req.socket || req.headers['x-forwarded-proto'] === 'https';
      res.setHeader('Set-Cookie', identities.setCookieHeader(tls));
    }
    route(context, webRoot, req, res).catch((error: unknown) => failed(error, res));
  });
  const failed = (error: unknown, res: ServerResponse): void => {
    observe.log.error('request failed', { error });
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  };
  // maxPayload makes ws refuse an oversized frame itself (close 1009) before it is buffered or parsed.
  const wss = new WebSocketServer({ noServer: true, maxPayload: context.config.limits.maxFrameBytes });
  const heartbeat = new Heartbeat({ everyMs: context.config.limits.heartbeatMs, timeoutMs: context.config.limits.heartbeatTimeoutMs });
  wss.on('connection', (ws, req: IncomingMessage) => handleConnection(context, output !== undefined ? output.socket(ws) : ws, clientInfo(req, guards), heartbeat));
  http.on('upgrade', (req, socket, head) => {
    if (!allowedHost(hosts, req)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const wait = connections.take(guards.ipOf(req));
    if (wait > 0) {
      observe.metrics.limited('connections');
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
  return {
    async listen(host, port) {
      await listen(http, host, port);
      const bound = http.address() as AddressInfo;
      if (context.config.allowedHosts === undefined) hosts = defaultAllowedHosts(bound.address, bound.port);
      return bound;
    },
    async close() {
      heartbeat.close();
      await closeClients([...wss.clients]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://host').pathname;
  } catch {
    return '/';
  }
}

async function route(context: HostContext, webRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://host');
  const { pathname } = url;
  if (pathname.startsWith('/api/admin/')) return adminRoute(context, pathname, req, res);
  if (req.method === 'POST' && pathname === '/api/uploads') return postUpload(context, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
  // The start form needs the queues before any sign-in: ids and names only.
  if (pathname === '/api/reports/intervals') return intervalsRoute(context, url, req.headers.authorization, res);
  if (pathname === '/api/queues') return sendJson(res, 200, context.configuration.queues().map((q) => ({ id: q.id, name: q.name })));
  const upload = /^\/uploads\/([\w-]+)$/.exec(pathname);
  if (upload !== null) return getUpload(context, upload[1] as string, res);
  return serveStatic(webRoot, pathname, res);
}

/**
 * The Host headers a server on `address:port` answers by default: that address, and the loopback names, on its
 * port. Browsers send the Host they connected to, so a page of another site that resolves its own name to this
 * address (DNS rebinding) is refused.
 */
export function defaultAllowedHosts(address: string, port: number): ReadonlySet<string> {
  const bracketed = address.includes(':') ? `[${address}]` : address;
  return new Set([`${bracketed}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
}

function allowedHost(hosts: ReadonlySet<string>, req: IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && hosts.has(host);
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

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
