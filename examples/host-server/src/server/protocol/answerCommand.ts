import type { Mapped } from './commands';
import type { HostContext } from '../context';
import type { Peer, SessionFrame } from './session';

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
