import {
  closeCodes,
  PROTOCOL_VERSION,
  type AgentCommand,
  type AgentQuery,
  type Credentials,
  type CustomerCommand,
  type QueryResult,
  type Result,
  type ServerFrame,
} from '../../shared/protocol';
import { backoffDelay } from './backoff';

/** How a connection ended for good, for the UI to say. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/**
 * `connecting`: the first sign-in; `online`: welcomed; `reconnecting`: the socket dropped and the next attempt is
 * scheduled (or under way).
 */
export type LinkStatus = 'connecting' | 'online' | 'reconnecting';

export interface ConnectionHandlers {
  /** Frames that answer no request: welcome (again after each reconnect), desk, messages, reminders. */
  readonly onFrame: (frame: ServerFrame) => void;
  readonly onStatus?: (status: LinkStatus) => void;
  /** The connection is over and will not come back: refused sign-in, revoked or expired token, signed out. */
  readonly onClosed: (closed: Closed) => void;
}

/** Close codes after which reconnecting cannot help: the sign-in itself is gone (or the client is too old). */
const FINAL = new Set<number>([closeCodes.unauthorized, closeCodes.unsupportedVersion, closeCodes.signedOut]);

/**
 * The browser side of the protocol: a WebSocket that signs in with `hello`, does request/response over `ref`s,
 * and comes back by itself. After the first `welcome` it remembers the session token, and when the socket drops
 * (server restart, network change, sleep) it reconnects with exponential back-off and jitter (0.5 s → 10 s), signs
 * in with the token, and the server sends the whole state again (the desk, or the chat and its transcript).
 * Requests made while disconnected fail at once with "not connected"; nothing is queued behind the user's back.
 *
 * @example
 * ```ts
 * const connection = new Connection({ role: 'agent', agentId: 'alice', password }, { onFrame, onStatus, onClosed });
 * const result = await connection.command({ type: 'offer.accept', chatId });
 * ```
 */
export class Connection {
  #ws: WebSocket | undefined;
  #credentials: Credentials;
  readonly #handlers: ConnectionHandlers;
  readonly #pending = new Map<string, (result: Result) => void>();
  #nextRef = 1;
  #welcomed = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #status: LinkStatus = 'connecting';
  #lastTyping = 0;

  constructor(credentials: Credentials, handlers: ConnectionHandlers) {
    this.#credentials = credentials;
    this.#handlers = handlers;
    // Coming back online is a better moment to try than whatever the back-off says.
    window.addEventListener('online', this.#retryNow);
    this.#open();
  }

  get status(): LinkStatus {
    return this.#status;
  }

  /** Sends an engine command (the server adds who you are) and resolves with the engine's result. */
  command(command: AgentCommand | CustomerCommand): Promise<Result> {
    // A sent line ends the typing indicator on the other side: the next keystroke says "typing" again at once.
    if (command.type === 'message.send') this.#lastTyping = 0;
    return this.#request((ref) => ({ type: 'command', ref, command }));
  }

  /** Asks for a rendered template or a page of older messages. */
  query<Q extends AgentQuery>(query: Q): Promise<QueryResult<Q['type']>> {
    // The server answers a query of this type with this shape (AgentSession.#query).
    return this.#request((ref) => ({ type: 'query', ref, query })) as Promise<QueryResult<Q['type']>>;
  }

  /** Says the person is typing (in `chatId`, for agents); dropped while disconnected. At most every 2 s. */
  typing(chatId?: string): void {
    const now = Date.now();
    if (now - this.#lastTyping < 2_000 || this.#ws?.readyState !== WebSocket.OPEN || this.#status !== 'online') return;
    this.#lastTyping = now;
    this.#send({ type: 'typing', ...(chatId !== undefined ? { chatId } : {}) });
  }

  /** Signs out: the server revokes the token (here and in any other tab holding it) and closes. */
  signOut(): void {
    if (this.#ws?.readyState === WebSocket.OPEN && this.#welcomed) this.#send({ type: 'signOut' });
    this.close();
  }

  /** Closes for good (no reconnect). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    window.removeEventListener('online', this.#retryNow);
    const ws = this.#ws;
    // A signOut frame just sent is flushed before the close frame.
    if (ws !== undefined && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'bye');
    this.#failPending('closed');
    this.#handlers.onClosed({ code: 1000, reason: 'closed' });
  }

  #open(): void {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws`);
    this.#ws = ws;
    const credentials = this.#credentials;
    ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, auth: credentials })));
    ws.addEventListener('message', (event) => this.#onMessage(JSON.parse(String(event.data)) as ServerFrame));
    ws.addEventListener('close', (event) => this.#onClose(ws, event.code, event.reason));
  }

  #onMessage(frame: ServerFrame): void {
    if (frame.type === 'welcome') {
      // Reconnect with the token from now on: the password (or the start form) is never sent twice.
      const token = frame.session.token;
      this.#credentials = frame.session.role === 'agent' ? { role: 'agent', token } : { role: 'customer', token };
      this.#welcomed = true;
      this.#attempt = 0;
      this.#setStatus('online');
    }
    if ((frame.type === 'result' || frame.type === 'error') && frame.ref !== undefined) {
      const resolve = this.#pending.get(frame.ref);
      if (resolve !== undefined) {
        this.#pending.delete(frame.ref);
        resolve(frame.type === 'result' ? frame.result : { ok: false, error: { code: frame.code, message: frame.message } });
        return;
      }
    }
    this.#handlers.onFrame(frame);
  }

  #onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.#ws || this.#closed) return;
    this.#failPending('disconnected before the server answered');
    // Before the first welcome there is nothing to resume: a refused password or start form is final.
    if (!this.#welcomed || FINAL.has(code)) {
      this.#closed = true;
      window.removeEventListener('online', this.#retryNow);
      this.#handlers.onClosed({ code, reason });
      return;
    }
    this.#setStatus('reconnecting');
    this.#timer = setTimeout(() => this.#open(), backoffDelay(this.#attempt++));
  }

  readonly #retryNow = (): void => {
    if (this.#closed || this.#status !== 'reconnecting' || this.#ws?.readyState !== WebSocket.CLOSED) return;
    clearTimeout(this.#timer);
    this.#open();
  };

  #setStatus(status: LinkStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#handlers.onStatus?.(status);
  }

  #failPending(message: string): void {
    for (const resolve of this.#pending.values()) resolve({ ok: false, error: { code: 'internal', message } });
    this.#pending.clear();
  }

  #request(frame: (ref: string) => object): Promise<Result> {
    const ref = String(this.#nextRef++);
    return new Promise((resolve) => {
      if (this.#ws?.readyState !== WebSocket.OPEN || this.#status !== 'online') {
        resolve({ ok: false, error: { code: 'internal', message: 'not connected; reconnecting…' } });
        return;
      }
      this.#pending.set(ref, resolve);
      this.#send(frame(ref));
    });
  }

  #send(frame: object): void {
    this.#ws?.send(JSON.stringify(frame));
  }
}

/** The message of a refused result, or undefined when it succeeded. */
export const failure = (result: Result): string | undefined => (result.ok ? undefined : result.error.message);
