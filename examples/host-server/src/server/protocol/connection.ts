import type { RawData, WebSocket } from 'ws';
import { closeCodes, PROTOCOL_VERSION, type ProtocolErrorCode, type ServerFrame } from '../../shared/protocol';
import { AgentSession } from './AgentSession';
import type { Identity } from '../auth/auth';
import type { HostContext } from '../context';
import type { Peer, Session } from './session';
import { CustomerSession, startChat } from './CustomerSession';
import type { ClientInfo } from '../limits/guards';
import { parseClientFrame, type IncomingFrame } from './parseFrame';
import { RateLimiter } from '../limits/RateLimiter';
import type { Heartbeat } from '../limits/Heartbeat';
import type { HostMetrics, SocketKind } from '../observability/HostMetrics';

/** A client that does not read its frames is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function peerOf(ws: WebSocket, metrics: HostMetrics, kind: () => SocketKind): Peer {
  const sendRaw = (raw: string) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    metrics.frame('out', kind());
    ws.send(raw);
  };
  return { send: (frame: ServerFrame) => sendRaw(JSON.stringify(frame)), sendRaw };
}

interface Refusal {
  readonly error: ProtocolErrorCode;
  readonly close: number;
  readonly message: string;
  readonly retryAfterMs?: number;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** A signed-in connection: its session and the token it signed in with (checked again with its frames, at most once a second). */
interface SignedIn {
  readonly session: Session;
  readonly token: string;
}

const unauthorized = (message: string): Refusal => ({ error: 'unauthorized', close: closeCodes.unauthorized, message });

/** How often an open connection's token is checked again with its frames (a quiet one: `auth.tokens`). */
const TOKEN_RECHECK_MS = 1_000;

/** Frames a client may send while its `hello` is being checked (scrypt takes a few tens of milliseconds). */
const MAX_EARLY_FRAMES = 16;

/** Checks the credentials of `hello` and says who signs in with which token, or why not. */
async function authenticate(context: HostContext, hello: Extract<IncomingFrame, { type: 'hello' }>, client: ClientInfo): Promise<{ identity: Identity; token: string } | Refusal> {
  const { auth, engine, guards } = context;
  if (hello.version !== PROTOCOL_VERSION) {
    const message = `this server speaks protocol version ${PROTOCOL_VERSION}, not ${hello.version}`;
    return { error: 'unsupported-version', close: closeCodes.unsupportedVersion, message };
  }
  const credentials = hello.auth;
  if (credentials.role === 'agent') {
    if ('password' in credentials) {
      // Throttled before the password is checked: a blocked guess costs no scrypt, and says how long to wait.
      const wait = guards.logins.wait(credentials.agentId, client.ip);
      if (wait > 0) {
        context.observe.metrics.loginThrottled('desk');
        const message = `too many failed sign-ins; try again in ${seconds(wait)} s`;
        return { error: 'rate-limited', close: closeCodes.rateLimited, message, retryAfterMs: wait };
      }
    }
    const token = 'password' in credentials ? await auth.signIn(credentials.agentId, credentials.password) : credentials.token;
    if ('password' in credentials) {
      if (token === undefined) guards.logins.failed(credentials.agentId, client.ip);
      else guards.logins.succeeded(credentials.agentId, client.ip);
    }
    const identity = auth.identify(token);
    if (token === undefined || identity?.role !== 'agent') return unauthorized('unknown agent, wrong password or expired token');
    return { identity, token };
  }
  if ('token' in credentials) {
    const identity = auth.identify(credentials.token);
    if (identity?.role !== 'customer') return unauthorized('unknown or expired chat token');
    return { identity, token: credentials.token };
  }
  const wait = guards.chatStarts.take(client.ip);
  if (wait > 0) {
    context.observe.metrics.limited('chat-starts');
    const message = `too many chats started from your address; try again in ${seconds(wait)} s`;
    return { error: 'rate-limited', close: closeCodes.rateLimited, message, retryAfterMs: wait };
  }
  const started = startChat(context, credentials.start, client);
  // 1008: policy violation, the generic "refused" close; the error frame says why.
  if (!started.ok) return { error: 'bad-frame', close: 1008, message: `cannot start the chat: ${started.message}` };
  const startedAt = engine.getChat(started.chatId)?.enqueuedAt ?? engine.clock.now();
  return { identity: { role: 'customer', chatId: started.chatId }, token: auth.issueCustomerToken(started.chatId, startedAt) };
}

function openSession(context: HostContext, peer: Peer, identity: Identity, token: string): Session {
  if (identity.role === 'agent') return new AgentSession(context, peer, identity.agentId, token);
  if (identity.role === 'customer') return new CustomerSession(context, peer, identity.chatId, token);
  throw new Error('admin tokens do not open WebSocket sessions');
}

/**
 * One WebSocket, from `hello` to close. Every frame is rate-limited, parsed and answered; nothing a client sends
 * can throw out of here, so one bad client never takes the server (or its neighbours) down. A revoked sign-in closes
 * the connection at once and an expired one within a second, quiet or not (`auth.tokens`, 4001); the token is also
 * checked again with the frames. The heartbeat terminates a connection that stopped answering; its close is the same
 * as any other (presence tells the engine).
 */
export function handleConnection(context: HostContext, ws: WebSocket, client: ClientInfo, heartbeat?: Heartbeat): void {
  const { limits } = context.config;
  const { auth } = context;
  const { metrics, log } = context.observe;
  let kind: SocketKind = 'pending';
  metrics.socketOpened(kind);
  heartbeat?.track(ws, () => {
    metrics.heartbeatMissed(kind);
    log.info('connection silent past the heartbeat timeout; terminated', { kind });
  });
  const peer = peerOf(ws, metrics, () => kind);
  const limiter = new RateLimiter({ perSecond: limits.framesPerSecond, burst: limits.frameBurst }, () => context.engine.clock.now());
  let signedIn: SignedIn | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  /** Set while `hello` is being checked: frames that arrive meanwhile wait here. */
  let early: Array<[RawData, boolean]> | undefined;
  let stopWatchingRevocation = () => {};
  const helloTimer = setTimeout(() => ws.close(closeCodes.helloTimeout, 'no hello'), limits.helloTimeoutMs);
  const refuse = (code: ProtocolErrorCode, message: string, ref?: string, retryAfterMs?: number) =>
    peer.send({ type: 'error', code, message, ...(ref !== undefined ? { ref } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

  function onFrame(data: RawData, isBinary: boolean): void {
    if (early !== undefined) {
      if (early.length >= MAX_EARLY_FRAMES) return refuse('rate-limited', 'wait for welcome before sending more');
      early.push([data, isBinary]);
      return;
    }
    if (!limiter.take()) {
      metrics.limited('frames');
      refuse('rate-limited', `more than ${limits.framesPerSecond} frames per second; slow down`);
      if (limiter.refusedInARow >= limits.maxRefusedInARow) ws.close(closeCodes.rateLimited, 'rate limit');
      return;
    }
    if (isBinary) return refuse('bad-frame', 'binary frames are not part of the protocol; send JSON text');
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) return refuse('bad-frame', parsed.message, parsed.ref);
    const frame = parsed.value;
    if (frame.type === 'hello') {
      if (signedIn !== undefined) return refuse('bad-frame', 'already signed in on this connection');
      early = [];
      void signIn(frame);
      return;
    }
    if (signedIn === undefined) return refuse('not-authenticated', 'send hello first', 'ref' in frame ? frame.ref : undefined);
    // Revocation closes the connection at once (onRevoke below); expiry is time, so checking the token (a SQLite read
    // and a SHA-256) once a second per connection is as good as on every frame, and cheaper for a busy tab.
    const now = auth.sessions.now();
    if (now - checkedAt >= TOKEN_RECHECK_MS && auth.identify(signedIn.token) === undefined) {
      refuse('unauthorized', 'your sign-in expired or was revoked; sign in again', 'ref' in frame ? frame.ref : undefined);
      ws.close(closeCodes.unauthorized, 'unauthorized');
      return;
    }
    if (now - checkedAt >= TOKEN_RECHECK_MS) checkedAt = now;
    if (frame.type === 'signOut') {
      // Revoking also closes every other connection holding this token (see the revocation watch below).
      stopWatchingRevocation();
      auth.sessions.revoke(signedIn.token);
      ws.close(closeCodes.signedOut, 'signed out');
      return;
    }
    signedIn.session.handle(frame);
  }

  async function signIn(hello: Extract<IncomingFrame, { type: 'hello' }>): Promise<void> {
    let outcome: Awaited<ReturnType<typeof authenticate>>;
    try {
      outcome = await authenticate(context, hello, client);
    } catch (error) {
      log.error('sign-in failed', { error });
      outcome = { error: 'internal', close: 1011, message: 'the server failed to check the credentials' };
    }
    const waiting = early ?? [];
    early = undefined;
    if (ws.readyState !== ws.OPEN) return;
    if ('error' in outcome) {
      refuse(outcome.error, outcome.message, undefined, outcome.retryAfterMs);
      ws.close(outcome.close, outcome.error);
      return;
    }
    clearTimeout(helloTimer);
    const signedInAs: SocketKind = outcome.identity.role === 'agent' ? 'agent' : 'customer';
    metrics.socketBecame(kind, signedInAs);
    kind = signedInAs;
    signedIn = { session: openSession(context, peer, outcome.identity, outcome.token), token: outcome.token };
    stopWatchingRevocation = auth.tokens.watch(outcome.token, (why) => {
      metrics.socketRevoked(why, kind);
      log.info(why === 'expired' ? 'sign-in expired; connection closed' : 'sign-in revoked; connection closed', { kind });
      refuse('unauthorized', why === 'expired' ? 'your sign-in expired; sign in again' : 'signed out');
      ws.close(closeCodes.unauthorized, why === 'expired' ? 'expired' : 'signed out');
    });
    for (const [data, isBinary] of waiting) guarded(data, isBinary);
  }

  function guarded(data: RawData, isBinary: boolean): void {
    try {
      onFrame(data, isBinary);
    } catch (error) {
      // A bug in a handler answers this frame with an error; the connection and the server go on. The frame itself is
      // never logged: it may hold what a person typed.
      log.error('frame handler failed', { kind, error });
      refuse('internal', 'the server failed to handle this frame');
    }
  }

  ws.on('message', (data: RawData, isBinary: boolean) => {
    // Counted as it arrives (frames held during hello are handled later, and counted once).
    metrics.frame('in', kind);
    guarded(data, isBinary);
  });
  ws.on('close', (code) => {
    clearTimeout(helloTimer);
    stopWatchingRevocation();
    metrics.socketClosed(kind);
    log.debug('connection closed', { kind, code });
    signedIn?.session.close();
  });
  ws.on('error', () => ws.terminate());
}
