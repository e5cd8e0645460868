import { INSPECTOR_PATH, inspectorCloseCodes, type ActorKind, type InspectorAuth, type InspectorServerFrame } from '../../shared/inspector';
import { backoffDelay } from '../common/backoff';

export interface InspectorHandlers {
  readonly onFrame: (frame: InspectorServerFrame) => void;
  readonly onOnline: (online: boolean) => void;
  /** The sign-in was refused (or lapsed): reconnecting cannot help. */
  readonly onRefused: (code: number, reason: string) => void;
}

/**
 * The inspector page's WebSocket: `hello`, then frames in; `watch` out. It comes back by itself after a drop
 * (server restart) with the token it was given, and asks again for the actor it was watching.
 *
 * @example
 * ```ts
 * const socket = new InspectorSocket({ open: true }, { onFrame, onOnline, onRefused });
 * socket.watch('chat', 'c1');
 * ```
 */
export class InspectorSocket {
  #ws: WebSocket | undefined;
  #auth: InspectorAuth;
  readonly #handlers: InspectorHandlers;
  #watching: { kind: ActorKind; id: string } | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(auth: InspectorAuth, handlers: InspectorHandlers) {
    this.#auth = auth;
    this.#handlers = handlers;
    this.#connect();
  }

  watch(kind: ActorKind, id: string): void {
    this.#watching = { kind, id };
    this.#send({ type: 'watch', kind, id });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#ws?.close(1000);
  }

  #send(frame: object): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(frame));
  }

  #connect(): void {
    const url = new URL(INSPECTOR_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.#ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', auth: this.#auth }));
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as InspectorServerFrame;
      if (frame.type === 'welcome') {
        this.#attempt = 0;
        if (frame.token !== undefined) this.#auth = { token: frame.token };
        this.#handlers.onOnline(true);
        if (this.#watching !== undefined) this.#send({ type: 'watch', ...this.#watching });
      }
      this.#handlers.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (this.#closed) return;
      this.#handlers.onOnline(false);
      if (event.code === inspectorCloseCodes.unauthorized || event.code === inspectorCloseCodes.forbidden) {
        this.#closed = true;
        this.#handlers.onRefused(event.code, event.reason);
        return;
      }
      this.#timer = setTimeout(() => this.#connect(), backoffDelay(this.#attempt++));
    };
  }
}
