import { applyDeskChange, type Desk, type DeskChange, type DeskState } from 'chatroute';
import WebSocket from 'ws';
import { backoffDelay } from '../../src/web/common/backoff';
import { closeCodes, PROTOCOL_VERSION, type Result, type ServerFrame } from '../../src/shared/protocol';

/** Close codes after which the browser's `Connection` gives up: reconnecting cannot help. */
const FINAL = new Set<number>([closeCodes.unauthorized, closeCodes.unsupportedVersion, closeCodes.signedOut]);

/**
 * The browser's `Connection` (src/web/common/Connection.ts) for Node, over `ws`: `hello` with credentials, then the
 * token from `welcome` on every reconnect, with the same back-off; requests by `ref`, failed at once while offline.
 * Like a browser behind a load balancer, it is given several node URLs and moves on to the next one when an attempt
 * gets no `welcome` (that node is down or has no owner to carry it to).
 *
 * @example
 * ```ts
 * const alice = new ProtocolClient(['ws://127.0.0.1:3101/ws'], { role: 'agent', agentId: 'alice', password: 'alice-demo' });
 * await alice.welcomed(1);
 * await alice.command({ type: 'agent.login' });
 * ```
 */
export class ProtocolClient {
  /** What the `at +N ms` stamps in {@link log} count from: set it to the test's start to share one timeline. */
  static epoch = performance.now();
  readonly frames: ServerFrame[] = [];
  /** URL of each welcome, in order. */
  readonly welcomes: string[] = [];
  /** Each attempt and how it ended, for a failing test's message. */
  readonly log: string[] = [];
  closedFor?: { code: number; reason: string };
  deskState: DeskState | undefined;
  readonly #urls: readonly string[];
  #credentials: Record<string, unknown>;
  #ws: WebSocket | undefined;
  #index = 0;
  #attempt = 0;
  #online = false;
  #ref = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #pending = new Map<string, (result: Result) => void>();

  constructor(urls: readonly string[], credentials: Record<string, unknown>) {
    this.#urls = urls;
    this.#credentials = credentials;
    this.#open();
  }

  get online(): boolean {
    return this.#online;
  }

  get desk(): Desk | undefined {
    return this.deskState?.desk;
  }

  /** Resolves once `count` welcomes have arrived (1: signed in; 2: back after one drop; ...). */
  async welcomed(count: number, timeoutMs = 20_000): Promise<void> {
    await until(() => this.welcomes.length >= count && this.#online, timeoutMs, `welcome #${count}`);
  }

  /** Resolves with the engine's result, or a failure at once while disconnected (nothing is queued). */
  command(command: Record<string, unknown>): Promise<Result> {
    const ref = `r${++this.#ref}`;
    return new Promise((resolve) => {
      if (!this.#online || this.#ws?.readyState !== WebSocket.OPEN) {
        resolve({ ok: false, error: { code: 'internal', message: 'not connected' } } as Result);
        return;
      }
      this.#pending.set(ref, resolve);
      this.#ws.send(JSON.stringify({ type: 'command', ref, command }));
    });
  }

  close(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#ws?.terminate();
  }

  #open(): void {
    const url = this.#urls[this.#index % this.#urls.length] as string;
    const ws = new WebSocket(url);
    this.#ws = ws;
    let welcomedHere = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, auth: this.#credentials })));
    ws.on('error', (error) => this.log.push(`${url} error ${error.message}`)); // followed by close
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'welcome') {
        welcomedHere = true;
        this.#credentials = { role: frame.session.role, token: frame.session.token };
        this.#attempt = 0;
        this.#online = true;
        this.welcomes.push(url);
      }
      if ((frame.type === 'result' || frame.type === 'error') && frame.ref !== undefined && this.#pending.has(frame.ref)) {
        const resolve = this.#pending.get(frame.ref) as (result: Result) => void;
        this.#pending.delete(frame.ref);
        resolve(frame.type === 'result' ? frame.result : ({ ok: false, error: { code: frame.code, message: frame.message } } as Result));
        return;
      }
      if (frame.type === 'error') this.log.push(`${url} error frame ${frame.code}: ${frame.message}`);
      this.#onDesk(frame);
      this.frames.push(frame);
    });
    ws.on('close', (code, reason) => {
      if (ws !== this.#ws) return;
      this.log.push(`${url} closed ${code}${welcomedHere ? ' after welcome' : ''} at +${Math.round(performance.now() - ProtocolClient.epoch)} ms`);
      this.#online = false;
      for (const resolve of this.#pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'disconnected' } } as Result);
      this.#pending.clear();
      if (this.#stopped) return;
      if (FINAL.has(code) || this.welcomes.length === 0 && code >= 4000) {
        this.closedFor = { code, reason: reason.toString() };
        return;
      }
      // No welcome here: this node cannot serve now; the next attempt goes to the next one.
      if (!welcomedHere) this.#index++;
      this.#timer = setTimeout(() => this.#open(), backoffDelay(this.#attempt++));
    });
  }

  /** The desk as the browser keeps it: the state from `desk.init`, then each change applied. */
  #onDesk(frame: ServerFrame): void {
    const loose = frame as { type: string; state?: DeskState; change?: DeskChange; changes?: DeskChange[] };
    if (loose.type === 'desk.init') this.deskState = loose.state;
    const changes = loose.type === 'desk.change' && loose.change !== undefined ? [loose.change] : loose.type === 'desk.changes' ? (loose.changes ?? []) : [];
    for (const change of changes) if (this.deskState !== undefined) this.deskState = applyDeskChange(this.deskState, change);
  }
}

/** Polls `condition` every 20 ms until it holds, or fails naming `what`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
