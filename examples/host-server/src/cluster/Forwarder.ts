import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Where a node sends what its clients ask: to its own host server while it owns the shard (`serve`), to the owner's
 * node while another node does (`forward`), or nowhere while nobody does (a takeover under way): then 503 with
 * `Retry-After`, and clients come back with their back-off.
 */
export type Route =
  | { readonly kind: 'serve'; readonly address: string }
  | { readonly kind: 'forward'; readonly address: string; readonly owner: string }
  | { readonly kind: 'none'; readonly why: string };

/** Set on forwarded requests: a node that does not serve never forwards a forwarded request again (no loops). */
export const FORWARDED_BY = 'x-chatroute-forwarded-by';

/**
 * A node's public face: one `http` server that carries every request and WebSocket upgrade, byte for byte, to the
 * address its {@link Route} names. It understands nothing of the protocol, so desks, events and acks of the owner
 * reach a client on any node through that client's own node. When the route changes (the owner died, this node
 * took the shard over or lost it) every connection it carries is cut at once: clients reconnect (the browser's
 * `Connection` does, with back-off) and their next connection takes the new route.
 *
 * @example
 * ```ts
 * const front = new Forwarder('node-a');
 * await front.listen(3101, '127.0.0.1');
 * front.setRoute({ kind: 'forward', address: '127.0.0.1:3102', owner: 'node-b@127.0.0.1:3102#1' });
 * ```
 */
export class Forwarder {
  readonly #name: string;
  readonly #server: Server;
  readonly #carried = new Set<Duplex>();
  readonly #local: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  #route: Route = { kind: 'none', why: 'starting' };

  /** `local` answers a request itself (returning true) instead of carrying it: the node's own health and metrics. */
  constructor(name: string, options: { readonly local?: (req: IncomingMessage, res: ServerResponse) => boolean } = {}) {
    this.#name = name;
    this.#local = options.local;
    this.#server = createServer((req, res) => {
      if (this.#local?.(req, res) === true) return;
      this.#request(req, res);
    });
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head));
  }

  get route(): Route {
    return this.#route;
  }

  /** Connections carried now (client and upstream sides). */
  get carried(): number {
    return this.#carried.size;
  }

  /** Changes where new connections go; cuts the ones carried along the old route (a no-op if nothing changed). */
  setRoute(route: Route): void {
    const before = this.#route;
    if (before.kind === route.kind && (before.kind === 'none' || (before as { address: string }).address === (route as { address: string }).address)) return;
    this.#route = route;
    for (const socket of this.#carried) socket.destroy();
    this.#carried.clear();
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.setRoute({ kind: 'none', why: 'stopping' });
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** The address to carry this request to, or why not (a forwarded request is not forwarded twice). */
  #target(req: IncomingMessage): { address: string } | { why: string } {
    const route = this.#route;
    if (route.kind === 'none') return { why: route.why };
    if (route.kind === 'forward' && req.headers[FORWARDED_BY] !== undefined) return { why: `${this.#name} does not own the shard either` };
    return { address: route.address };
  }

  #headers(req: IncomingMessage): OutgoingHttpHeaders {
    const from = req.socket.remoteAddress ?? 'unknown';
    const chain = req.headers['x-forwarded-for'];
    return { ...req.headers, [FORWARDED_BY]: this.#name, 'x-forwarded-for': chain === undefined ? from : `${String(chain)}, ${from}` };
  }

  #carry(socket: Duplex): void {
    this.#carried.add(socket);
    socket.once('close', () => this.#carried.delete(socket));
  }

  #request(req: IncomingMessage, res: ServerResponse): void {
    const target = this.#target(req);
    if ('why' in target) return unavailable(res, target.why);
    // Keep-alive connections are cut with the route, so a page's next request goes the new way too.
    this.#carry(req.socket);
    const [host, port] = splitAddress(target.address);
    const upstream = request({ host, port, method: req.method, path: req.url, headers: this.#headers(req), agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => {
      if (!res.headersSent) unavailable(res, 'the owner did not answer');
      else res.destroy();
    });
    req.pipe(upstream);
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = this.#target(req);
    if ('why' in target) {
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n\r\n`);
      return;
    }
    const [host, port] = splitAddress(target.address);
    const upstream: Socket = connect({ host, port });
    let piping = false;
    this.#carry(socket);
    this.#carry(upstream);
    upstream.setNoDelay(true);
    upstream.once('connect', () => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (const [name, value] of Object.entries(this.#headers(req))) {
        for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) lines.push(`${name}: ${String(one)}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      piping = true;
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => {
      // Refused before anything was carried: answer like a node with no owner, so the client retries.
      if (!piping) socket.end(`HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
    upstream.on('close', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  }
}

function unavailable(res: ServerResponse, why: string): void {
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ error: `no node serves this shard right now (${why}); retry shortly` }));
}

/** `127.0.0.1:3101` or `[::1]:3101` → host and port. */
export function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), Number(address.slice(at + 1))];
}
