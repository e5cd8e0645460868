import type { Labels } from './prometheus';

/** What a WebSocket is, for the gauges: not signed in yet, an agent's desk, a customer's widget, the inspector. */
export type SocketKind = 'pending' | 'agent' | 'customer' | 'inspector';

/** Which door refused a sign-in for the back-off. */
export type LoginDoor = 'desk' | 'inspector' | 'admin';

/** Which per-client limit refused something. */
export type RateLimit = 'connections' | 'chat-starts' | 'frames' | 'inspector-frames';

const SOCKET_KINDS: readonly SocketKind[] = ['pending', 'agent', 'customer', 'inspector'];

/** The frame counter's labels, made once: frames are the hottest thing counted. */
const FRAME_LABELS = Object.fromEntries(
  (['in', 'out'] as const).map((direction) => [direction, Object.fromEntries(SOCKET_KINDS.map((kind) => [kind, Object.freeze({ direction, kind })]))]),
) as unknown as Record<'in' | 'out', Record<SocketKind, Labels>>;

/** A counter keyed by a few labels, kept as `key → [labels, value]` so rendering needs no parsing. */
class LabelledCounter {
  readonly #values = new Map<string, [Labels, number]>();

  /** `key` names the labels when the caller has one ready (a hot path: a frame counted per recipient). */
  add(labels: Labels, by = 1, key = JSON.stringify(labels)): void {
    const entry = this.#values.get(key);
    if (entry !== undefined) entry[1] += by;
    else this.#values.set(key, [labels, by]);
  }

  samples(): Array<readonly [Labels, number]> {
    return [...this.#values.values()].map(([labels, value]) => [labels, value] as const);
  }
}

/**
 * The host's own measurements, beside the engine's `engine.metrics()`: HTTP requests by route and status, WebSockets
 * open by kind, frames in and out, heartbeats missed, sign-in back-offs, rate-limit refusals and uploads. Plain
 * counters in memory, read by `GET /metrics` ({@link renderMetrics}); labels come from closed sets (routes are
 * names, not paths), so a client cannot grow them.
 *
 * @example
 * ```ts
 * const metrics = new HostMetrics();
 * metrics.http('page', 200);
 * metrics.socketOpened('pending'); metrics.socketBecame('pending', 'agent');
 * ```
 */
export class HostMetrics {
  readonly requests = new LabelledCounter();
  readonly #open = new Map<SocketKind, number>(SOCKET_KINDS.map((k) => [k, 0]));
  readonly opened = new LabelledCounter();
  readonly frames = new LabelledCounter();
  readonly heartbeatsMissed = new LabelledCounter();
  readonly loginsThrottled = new LabelledCounter();
  readonly rateLimited = new LabelledCounter();
  readonly uploads = new LabelledCounter();
  uploadBytes = 0;
  readonly revoked = new LabelledCounter();

  http(route: string, status: number): void {
    this.requests.add({ route, status: String(status) });
  }

  socketOpened(kind: SocketKind): void {
    this.#open.set(kind, (this.#open.get(kind) ?? 0) + 1);
    this.opened.add({ kind });
  }

  /** A socket signed in: it moves from `pending` to its kind. */
  socketBecame(from: SocketKind, to: SocketKind): void {
    this.#open.set(from, Math.max(0, (this.#open.get(from) ?? 0) - 1));
    this.#open.set(to, (this.#open.get(to) ?? 0) + 1);
    this.opened.add({ kind: to });
  }

  socketClosed(kind: SocketKind): void {
    this.#open.set(kind, Math.max(0, (this.#open.get(kind) ?? 0) - 1));
  }

  openSockets(kind: SocketKind): number {
    return this.#open.get(kind) ?? 0;
  }

  frame(direction: 'in' | 'out', kind: SocketKind): void {
    this.frames.add(FRAME_LABELS[direction][kind], 1, `${direction}:${kind}`);
  }

  heartbeatMissed(kind: SocketKind): void {
    this.heartbeatsMissed.add({ kind });
  }

  loginThrottled(door: LoginDoor): void {
    this.loginsThrottled.add({ door });
  }

  limited(limit: RateLimit): void {
    this.rateLimited.add({ limit });
  }

  /** An upload stored (`stored`) or refused (its refusal code). */
  upload(outcome: string, bytes = 0): void {
    this.uploads.add({ outcome });
    this.uploadBytes += bytes;
  }

  /** A socket closed because its sign-in ended: `revoked` (sign-out, password reset, removal) or `expired`. */
  socketRevoked(why: 'revoked' | 'expired', kind: SocketKind): void {
    this.revoked.add({ why, kind });
  }

  /** The open sockets by kind, as samples. */
  openSamples(): Array<readonly [Labels, number]> {
    return SOCKET_KINDS.map((kind) => [{ kind }, this.#open.get(kind) ?? 0] as const);
  }
}
