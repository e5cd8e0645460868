import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDeskChange, type Desk, type DeskState } from 'chatroute';
import WebSocket from 'ws';
import type { ClientFrame, Result, ServerFrame } from '../../src/shared/protocol';
import { unlimited, type HostConfig, type HostLimits } from '../../src/server/config';
import { signIdentityToken } from '../../src/server/auth/contactIdentity';
import { startHostServer, type HostServer, type HostServerOptions } from '../../src/server/createHostServer';
import { demoConfig } from '../../src/server/demoConfig';
import { createLogger } from '../../src/server/observability/logger';

/** The shared secret of the test site `shop`, which vouches for its visitors' contact ids. */
export const SHOP_SECRET = 'test-shop-secret-of-at-least-32-characters';

/** A contact identity as the site `shop` would sign it, valid for 10 minutes unless `exp` says otherwise. */
export function shopIdentity(contactId: string, claims: { name?: string; email?: string; exp?: number } = {}, secret = SHOP_SECRET) {
  return { site: 'shop', token: signIdentityToken(secret, { contactId, exp: Math.floor(Date.now() / 1000) + 600, ...claims }) };
}

/** The demo configuration with small limits, so each refusal is cheap to provoke. */
export function testConfig(limits: Partial<HostLimits> = {}): HostConfig {
  const config = demoConfig();
  // Per-IP rates are off unless a test sets them: every test client comes from 127.0.0.1 (abuse.test.ts sets them).
  const perIp = { connectionsPerMinutePerIp: unlimited, connectionBurstPerIp: unlimited, chatStartsPerMinutePerIp: unlimited, chatStartBurstPerIp: unlimited };
  return {
    ...config,
    limits: { ...config.limits, maxFrameBytes: 16 * 1024, maxUploadBytes: 32 * 1024, ...perIp, ...limits },
    identity: { sites: { shop: SHOP_SECRET } },
    // Fast hashes: the default (2^17) costs 128 MiB and a few hundred ms each; passwords.test.ts checks it.
    scryptN: 2 ** 12,
  };
}

export interface TestServer extends HostServer {
  readonly wsUrl: string;
  /** Every line the server logged (debug and up), as written. */
  readonly logs: string[];
}

/**
 * A server on 127.0.0.1, a free port and a fresh data folder; `close` removes the folder too. Pass `dataDir` to
 * start on a folder of your own (kept on close: start another server on it to test a restart).
 */
export async function startTestServer(config: HostConfig = testConfig(), options: Partial<HostServerOptions> = {}): Promise<TestServer> {
  const own = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'chatroute-host-')));
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => void logs.push(line) });
  const server = await startHostServer({ config, port: 0, ...options, observability: { logger, ...options.observability }, dataDir });
  return {
    ...server,
    logs,
    wsUrl: `${server.url.replace(/^http/, 'ws')}/ws`,
    async close() {
      await server.close();
      if (own) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh temporary folder, for tests that restart a server on it. */
export const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'chatroute-host-'));

/** Connects and says hello with these credentials; resolves once welcomed or refused. */
export async function hello(server: Pick<TestServer, 'wsUrl'>, auth: Record<string, unknown>): Promise<{ client: TestClient; welcomed: boolean }> {
  const client = await TestClient.connect(server.wsUrl);
  client.send({ type: 'hello', version: 1, auth });
  const first = await client.waitFor((f) => f.type === 'welcome' || f.type === 'error');
  return { client, welcomed: first.type === 'welcome' };
}

/**
 * What a test client records: the server's frames, plus a `desk` pseudo-frame with the whole desk after every
 * `desk.init` / `desk.change` (rebuilt with chatroute's `applyDeskChange`, as the browser does), so tests can wait for
 * a desk that satisfies a condition.
 */
export type TestFrame = ServerFrame | { readonly type: 'desk'; readonly desk: Desk };

/**
 * A protocol client for tests: records every frame, waits for the ones a test expects, and sends requests with
 * fresh refs. Any frame may be sent raw, malformed ones included.
 */
export class TestClient {
  readonly ws: WebSocket;
  readonly frames: TestFrame[] = [];
  deskState: DeskState | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;
  #ref = 0;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      if (frame.type === 'desk.init' || frame.type === 'desk.change' || frame.type === 'desk.changes') {
        const before = this.deskState;
        const changes = frame.type === 'desk.change' ? [frame.change] : frame.type === 'desk.changes' ? frame.changes : [];
        let state = frame.type === 'desk.init' ? frame.state : this.deskState;
        for (const change of changes) state = state && applyDeskChange(state, change);
        this.deskState = state;
        if (this.deskState !== undefined && this.deskState.desk !== before?.desk) this.frames.push({ type: 'desk', desk: this.deskState.desk });
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** `localAddress` connects from another loopback address (127.0.0.2, ...): a client at another IP, on Linux. */
  static async connect(url: string, headers: Record<string, string> = {}, options: { localAddress?: string } = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { headers, ...options });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(frame: ClientFrame | Record<string, unknown> | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (from index `from` on) of this type that matches, waiting up to `timeoutMs`. */
  async next<T extends TestFrame['type']>(type: T, match: (f: Extract<TestFrame, { type: T }>) => boolean = () => true, timeoutMs = 5_000, from = 0) {
    const found = await this.waitFor((f): f is Extract<TestFrame, { type: T }> => f.type === type && match(f as Extract<TestFrame, { type: T }>), timeoutMs, from);
    return found as Extract<TestFrame, { type: T }>;
  }

  /** The first frame that satisfies `predicate` (polling: simple, and fast enough on loopback). */
  async waitFor(predicate: (f: TestFrame) => boolean, timeoutMs = 5_000, from = 0): Promise<TestFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; got ${this.frames.map((f) => f.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Sends a command or query and resolves with its result, or the error frame that answered it. */
  async request(body: { command: Record<string, unknown> } | { query: Record<string, unknown> }): Promise<Result | Extract<ServerFrame, { type: 'error' }>> {
    const ref = `t${++this.#ref}`;
    this.send({ type: 'command' in body ? 'command' : 'query', ref, ...body });
    const answer = await this.waitFor((f) => (f.type === 'result' || f.type === 'error') && f.ref === ref);
    return answer.type === 'result' ? answer.result : (answer as Extract<ServerFrame, { type: 'error' }>);
  }

  command(command: Record<string, unknown>) {
    return this.request({ command });
  }

  /** The latest desk frame. */
  get desk() {
    return this.deskState?.desk;
  }

  close(): void {
    this.ws.close();
  }
}

/** An agent's connection, signed in and logged in to their queues. */
export async function signIn(server: Pick<TestServer, 'wsUrl'>, agentId: string, password = `${agentId}-demo`): Promise<TestClient> {
  const client = await TestClient.connect(server.wsUrl);
  client.send({ type: 'hello', version: 1, auth: { role: 'agent', agentId, password } });
  await client.next('welcome');
  await client.command({ type: 'agent.login' });
  return client;
}

/** A customer's connection with a started chat; `chatId` and `token` from the welcome. */
export async function startChat(
  server: Pick<TestServer, 'wsUrl'>,
  name: string,
  queueId = 'sales',
  email?: string,
  identity?: { site: string; token: string },
  headers: Record<string, string> = {},
) {
  const client = await TestClient.connect(server.wsUrl, headers);
  client.send({ type: 'hello', version: 1, auth: { role: 'customer', start: { queueId, name, ...(email ? { email } : {}), ...(identity ? { identity } : {}) } } });
  const welcome = await client.next('welcome');
  const session = welcome.session as Extract<typeof welcome.session, { role: 'customer' }>;
  return { client, chatId: session.chatId, token: session.token };
}

/** Some PNG bytes (the signature is what the server checks). */
export const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

export const isError = (r: unknown): r is Extract<ServerFrame, { type: 'error' }> => (r as { type?: string }).type === 'error';
