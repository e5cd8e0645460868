import type { WebSocket } from 'ws';

export interface HeartbeatOptions {
  /** How often a socket is pinged (`HEARTBEAT_MS`, default 15 s). */
  readonly everyMs: number;
  /** A socket that sent nothing (no pong, no frame) for this long is terminated (default twice `everyMs`). */
  readonly timeoutMs: number;
}

interface Tracked {
  lastHeard: number;
  lastPing: number;
  readonly onDead: () => void;
}

/**
 * WebSocket heartbeats for every socket of a server, on one timer: each is pinged every `everyMs`, and one that has
 * not been heard from (a pong, a ping or any frame) for `timeoutMs` is terminated. A connection that vanished without
 * a FIN (a laptop lid, Wi-Fi gone, a proxy that blackholes) then closes like any other, and its close handler reports
 * the disconnect: the engine's presence policy decides what follows, and nobody is penalised for it.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat({ everyMs: 15_000, timeoutMs: 30_000 });
 * wss.on('connection', (ws) => heartbeat.track(ws, () => metrics.heartbeatMissed('agent')));
 * ```
 */
export class Heartbeat {
  readonly #options: HeartbeatOptions;
  readonly #sockets = new Map<WebSocket, Tracked>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: HeartbeatOptions) {
    if (!(options.everyMs > 0) || !(options.timeoutMs > 0)) throw new Error('heartbeat everyMs and timeoutMs must be positive');
    this.#options = options;
  }

  /** Watches `ws` until it closes; `onDead` is called just before a silent one is terminated. */
  track(ws: WebSocket, onDead: () => void = () => {}): void {
    const now = performance.now();
    const tracked: Tracked = { lastHeard: now, lastPing: now, onDead };
    const heard = () => {
      tracked.lastHeard = performance.now();
    };
    this.#sockets.set(ws, tracked);
    ws.on('pong', heard);
    ws.on('ping', heard);
    ws.on('message', heard);
    ws.once('close', () => {
      this.#sockets.delete(ws);
      if (this.#sockets.size === 0) this.#stop();
    });
    this.#start();
  }

  /** Sockets tracked now. */
  get size(): number {
    return this.#sockets.size;
  }

  close(): void {
    this.#stop();
    this.#sockets.clear();
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    // Ticks finer than the interval, so a socket is declared dead close to its timeout rather than a whole period late.
    const tickMs = Math.max(20, Math.min(this.#options.everyMs, this.#options.timeoutMs) / 4);
    this.#timer = setInterval(() => this.#tick(), tickMs);
    this.#timer.unref();
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const now = performance.now();
    for (const [ws, tracked] of this.#sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if (now - tracked.lastHeard > this.#options.timeoutMs) {
        this.#sockets.delete(ws);
        tracked.onDead();
        ws.terminate();
        continue;
      }
      if (now - tracked.lastPing >= this.#options.everyMs) {
        tracked.lastPing = now;
        try {
          ws.ping();
        } catch {
          // Closing under our feet: its close handler runs anyway.
        }
      }
    }
  }
}
