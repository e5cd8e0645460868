import type { RawData, WebSocket } from 'ws';
import { closeCodes, PROTOCOL_VERSION, type ProtocolErrorCode, type ServerFrame } from '../shared/protocol';
import { AgentSession } from './AgentSession';
import type { HostContext, Peer, Session } from './context';
import { CustomerSession, startChat } from './CustomerSession';
import { parseClientFrame, type IncomingFrame } from './parseFrame';
import { RateLimiter } from './RateLimiter';

/** A client that does not read its frames is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function peerOf(ws: WebSocket): Peer {
  return {
    send(frame: ServerFrame) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(frame));
    },
  };
}

interface Refusal {
  readonly error: ProtocolErrorCode;
  readonly close: number;
  readonly message: string;
}

const unauthorized = (message: string): Refusal => ({ error: 'unauthorized', close: closeCodes.unauthorized, message });

/** Checks the credentials of `hello` and opens the session they entitle to, or says why not. */
function authenticate(context: HostContext, peer: Peer, hello: Extract<IncomingFrame, { type: 'hello' }>): Session | Refusal {
  const { auth } = context;
  if (hello.version !== PROTOCOL_VERSION) {
    const message = `this server speaks protocol version ${PROTOCOL_VERSION}, not ${hello.version}`;
    return { error: 'unsupported-version', close: closeCodes.unsupportedVersion, message };
  }
  const credentials = hello.auth;
  if (credentials.role === 'agent') {
    const token = 'password' in credentials ? auth.signIn(credentials.agentId, credentials.password) : credentials.token;
    const identity = auth.identify(token);
    if (token === undefined || identity?.role !== 'agent') return unauthorized('unknown agent, wrong password or expired token');
    return new AgentSession(context, peer, identity.agentId, token);
  }
  if ('token' in credentials) {
    const identity = auth.identify(credentials.token);
    if (identity?.role !== 'customer') return unauthorized('unknown chat token');
    return new CustomerSession(context, peer, identity.chatId, credentials.token);
  }
  const started = startChat(context, credentials.start);
  // 1008: policy violation, the generic "refused" close; the error frame says why.
  if (!started.ok) return { error: 'bad-frame', close: 1008, message: `cannot start the chat: ${started.message}` };
  return new CustomerSession(context, peer, started.chatId, auth.issueCustomerToken(started.chatId));
}

/**
 * One WebSocket, from `hello` to close. Every frame is rate-limited, parsed and answered; nothing a client sends
 * can throw out of here, so one bad client never takes the server (or its neighbours) down.
 */
export function handleConnection(context: HostContext, ws: WebSocket): void {
  const { limits } = context.config;
  const peer = peerOf(ws);
  const limiter = new RateLimiter({ perSecond: limits.framesPerSecond, burst: limits.frameBurst }, () => context.engine.clock.now());
  let session: Session | undefined;
  const helloTimer = setTimeout(() => ws.close(closeCodes.helloTimeout, 'no hello'), limits.helloTimeoutMs);
  const refuse = (code: ProtocolErrorCode, message: string, ref?: string) =>
    peer.send({ type: 'error', code, message, ...(ref !== undefined ? { ref } : {}) });

  function onFrame(data: RawData, isBinary: boolean): void {
    if (!limiter.take()) {
      refuse('rate-limited', `more than ${limits.framesPerSecond} frames per second; slow down`);
      if (limiter.refusedInARow >= limits.maxRefusedInARow) ws.close(closeCodes.rateLimited, 'rate limit');
      return;
    }
    if (isBinary) return refuse('bad-frame', 'binary frames are not part of the protocol; send JSON text');
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) return refuse('bad-frame', parsed.message, parsed.ref);
    const frame = parsed.value;
    if (frame.type !== 'hello') {
      if (session === undefined) return refuse('not-authenticated', 'send hello first', frame.ref);
      return session.handle(frame);
    }
    if (session !== undefined) return refuse('bad-frame', 'already signed in on this connection');
    const outcome = authenticate(context, peer, frame);
    if ('handle' in outcome) {
      session = outcome;
      clearTimeout(helloTimer);
      return;
    }
    refuse(outcome.error, outcome.message);
    ws.close(outcome.close, outcome.error);
  }

  ws.on('message', (data, isBinary) => {
    try {
      onFrame(data, isBinary);
    } catch (error) {
      // A bug in a handler answers this frame with an error; the connection and the server go on.
      console.error('chatroute host: frame handler failed', error);
      refuse('internal', 'the server failed to handle this frame');
    }
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    session?.close();
  });
  ws.on('error', () => ws.terminate());
}
