import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that forwards bytes both ways until told to `blackhole()`: then it silently stops
 * forwarding in both directions without closing either side, as a dead Wi-Fi, a closed laptop lid or a broken
 * middlebox does. No FIN, no RST: only a heartbeat can tell such a connection from a quiet one.
 *
 * @example
 * ```ts
 * const proxy = await BlackholeProxy.start(serverPort);
 * const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws`);
 * proxy.blackhole();
 * ```
 */
export class BlackholeProxy {
  readonly #server: Server;
  readonly #pairs = new Set<{ client: Socket; upstream: Socket; holed: boolean }>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(targetPort: number): Promise<BlackholeProxy> {
    const server = createServer();
    const proxy = new BlackholeProxy(server);
    server.on('connection', (client) => proxy.#carry(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  #carry(client: Socket, targetPort: number): void {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const pair = { client, upstream, holed: false };
    this.#pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    // Until the hole opens, a close on one side closes the other, as a real path would carry it.
    const closeOther = (other: Socket) => () => {
      if (!pair.holed) other.destroy();
    };
    client.on('close', closeOther(upstream));
    upstream.on('close', closeOther(client));
    client.on('error', () => {});
    upstream.on('error', () => {});
  }

  /** From now on nothing passes, either way, on every connection carried so far; nobody is told. */
  blackhole(): void {
    for (const pair of this.#pairs) {
      pair.holed = true;
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      // Read and drop what still arrives, so neither side sees back-pressure or an end.
      pair.client.removeAllListeners('data');
      pair.upstream.removeAllListeners('data');
      pair.client.on('data', () => {});
      pair.upstream.on('data', () => {});
      pair.client.removeAllListeners('end');
      pair.upstream.removeAllListeners('end');
    }
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
