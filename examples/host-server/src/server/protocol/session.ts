import type { Limits, ServerFrame } from '../../shared/protocol';
import type { HostContext } from '../context';
import type { Mapped } from './commands';
import type { IncomingFrame } from './parseFrame';

// What a connection and the session it opens agree on, and the one way both kinds of session answer a command. Here
// rather than beside HostContext: this is the protocol's own contract, and HostContext (which every part reads) must
// not depend on the protocol.

/** The sending half of a connection. */
export interface Peer {
  send(frame: ServerFrame): void;
  /** Sends a frame serialized once for many tabs (a shared desk change). */
  sendRaw(raw: string): void;
}

/** What a signed-in connection's session handles: commands and queries (hello and signOut are the connection's). */
export type SessionFrame = Exclude<IncomingFrame, { type: 'hello' } | { type: 'signOut' }>;

/** A signed-in connection: it answers command and query frames and cleans up its subscriptions on close. */
export interface Session {
  handle(frame: SessionFrame): void;
  close(): void;
}

/** The limits a client is told about in `welcome`. */
export function clientLimits(context: HostContext): Limits {
  const { maxFrameBytes, maxUploadBytes } = context.config.limits;
  // The engine's default; a queue may allow less, and the engine refuses past it either way.
  return { maxFrameBytes, maxUploadBytes, uploadTypes: context.uploads.types, maxTextLength: 10_000 };
}

/**
 * Answers a client's command frame, the same way for an agent's tab and a customer's widget: a command the session
 * may not send is an `error` frame; a message to a chat whose transcript is full is refused (`transcript-full`, with
 * `whenFull` saying what to do instead); anything else is dispatched and its result sent back, the uploads of a sent
 * message marked attached. Returns whether a message was sent (the sender's typing throttle starts over).
 */
export function answerCommand(context: HostContext, peer: Peer, frame: Extract<SessionFrame, { type: 'command' }>, mapped: Mapped, whenFull: string): boolean {
  if (!mapped.ok) {
    peer.send({ type: 'error', code: mapped.code, message: mapped.message, ref: frame.ref });
    return false;
  }
  const { command } = mapped;
  if (command.type === 'message.send' && !context.guards.messageFits(command.chatId)) {
    const message = `this chat holds ${context.config.limits.maxMessagesPerChat} messages, the most it may; ${whenFull}`;
    peer.send({ type: 'result', ref: frame.ref, result: { ok: false, error: { code: 'transcript-full', message } } });
    return false;
  }
  const result = context.engine.dispatch(command);
  if (result.ok && command.type === 'message.send' && Array.isArray(frame.command.uploads)) void context.uploads.markAttached(frame.command.uploads as string[]);
  peer.send({ type: 'result', ref: frame.ref, result });
  return command.type === 'message.send';
}
