import type { ChatEvent } from '../../machines/chat/types';
import { OK, q, refuse, type DispatchResult } from '../../model/results';
import { chatStateOf, type ChatRecord, type EngineContext } from '../ports';

/**
 * Sends a command's one event to a chat, in a transaction, once the machine says it takes it (`snapshot.can`). The
 * handler's own checks word the refusals people meet; this one guards against the handler and the machine's guards
 * ever disagreeing: then the command is refused and nothing is journaled or changed, instead of being accepted as
 * done while the machine dropped it.
 */
export function sendToChat(ctx: EngineContext, chat: ChatRecord, event: ChatEvent): DispatchResult {
  if (!chat.actor.can(event)) {
    return refuse('invalid-state', `chat ${q(chat.id)} is ${chatStateOf(chat.actor.getSnapshot().value)} and does not take ${event.type} now`);
  }
  ctx.transact(() => ctx.sendChat(chat, event));
  return OK;
}
