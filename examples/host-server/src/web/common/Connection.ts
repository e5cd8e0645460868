import {
  PROTOCOL_VERSION,
  type AgentCommand,
  type AgentQuery,
  type Credentials,
  type CustomerCommand,
  type QueryResult,
  type Result,
  type ServerFrame,
} from '../../shared/protocol';

/** How a connection ended, for the UI to say. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/**
 * The browser side of the protocol: one WebSocket, `hello` on open, and request/response over `ref`s. Frames
 * that answer no request (desk, messages, reminders) go to `onFrame`.
 *
 * @example
 * ```ts
 * const connection = new Connection({ role: 'agent', agentId: 'alice', password }, onFrame, onClose);
 * const result = await connection.command({ type: 'offer.accept', chatId });
 * ```
 */
export class Connection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, (result: Result) => void>();
  #nextRef = 1;

  constructor(credentials: Credentials, onFrame: (frame: ServerFrame) => void, onClose: (closed: Closed) => void) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#ws = new WebSocket(`${scheme}//${location.host}/ws`);
    this.#ws.addEventListener('open', () => this.#send({ type: 'hello', version: PROTOCOL_VERSION, auth: credentials }));
    this.#ws.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as ServerFrame;
      if ((frame.type === 'result' || frame.type === 'error') && frame.ref !== undefined) {
        const resolve = this.#pending.get(frame.ref);
        if (resolve !== undefined) {
          this.#pending.delete(frame.ref);
          resolve(frame.type === 'result' ? frame.result : { ok: false, error: { code: frame.code, message: frame.message } });
          return;
        }
      }
      onFrame(frame);
    });
    this.#ws.addEventListener('close', (event) => {
      for (const resolve of this.#pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'disconnected' } });
      this.#pending.clear();
      onClose({ code: event.code, reason: event.reason });
    });
  }

  /** Sends an engine command (the server adds who you are) and resolves with the engine's result. */
  command(command: AgentCommand | CustomerCommand): Promise<Result> {
    return this.#request((ref) => ({ type: 'command', ref, command }));
  }

  /** Asks for a rendered template or a page of older messages. */
  query<Q extends AgentQuery>(query: Q): Promise<QueryResult<Q['type']>> {
    // The server answers a query of this type with this shape (AgentSession.#query).
    return this.#request((ref) => ({ type: 'query', ref, query })) as Promise<QueryResult<Q['type']>>;
  }

  close(): void {
    this.#ws.close(1000, 'bye');
  }

  #request(frame: (ref: string) => object): Promise<Result> {
    const ref = String(this.#nextRef++);
    return new Promise((resolve) => {
      if (this.#ws.readyState !== WebSocket.OPEN) {
        resolve({ ok: false, error: { code: 'internal', message: 'not connected' } });
        return;
      }
      this.#pending.set(ref, resolve);
      this.#send(frame(ref));
    });
  }

  #send(frame: object): void {
    this.#ws.send(JSON.stringify(frame));
  }
}

/** The message of a refused result, or undefined when it succeeded. */
export const failure = (result: Result): string | undefined => (result.ok ? undefined : result.error.message);
