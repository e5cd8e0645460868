import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/server/webhooks/signature';

/** One POST the receiver got, as it came (body bytes as text) and whether its signature checked out. */
export interface Received {
  readonly seq: number;
  readonly type: string;
  readonly body: string;
  readonly signatureOk: boolean;
  /** What the receiver answered: a status, or 'hang' (never answered). */
  answered?: number | 'hang';
}

/** How to answer one request: a status (after an optional delay), or never ('hang', for timeouts and kills). */
export type Behaviour = (request: Received, index: number) => number | 'hang' | { status: number; delayMs: number };

/**
 * A real HTTP webhook receiver on 127.0.0.1 and a free port, scripted per request: what the tests point subscriptions
 * at. Keeps every request in order of arrival, checks every signature with the secret it is told.
 */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  secret = '';
  behaviour: Behaviour = () => 200;
  readonly #server = createServer((req, res) => void this.#handle(req, res));
  readonly #hanging = new Set<ServerResponse>();

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  /** Requests answered 2xx, in order of arrival. */
  get delivered(): Received[] {
    return this.requests.filter((r) => typeof r.answered === 'number' && r.answered >= 200 && r.answered < 300);
  }

  /** Answers every request still hanging (with 503, which the sender no longer waits for) and stops. */
  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const header = req.headers['x-chatroute-signature'];
    const request: Received = {
      seq: Number(req.headers['idempotency-key']),
      type: String(req.headers['x-chatroute-event']),
      body,
      signatureOk: verifySignature(this.secret, typeof header === 'string' ? header : undefined, body, Date.now()).ok,
    };
    const index = this.requests.push(request) - 1;
    const how = this.behaviour(request, index);
    if (how === 'hang') {
      request.answered = 'hang';
      this.#hanging.add(res);
      res.once('close', () => this.#hanging.delete(res));
      return;
    }
    const { status, delayMs } = typeof how === 'number' ? { status: how, delayMs: 0 } : how;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    request.answered = status;
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
  }
}

/** Polls until `condition` holds (generous by default: a loaded 2-core machine), else fails with `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
