import type { CommandOf } from '../../model/commands';
import { erasedCustomer, erasedMessage } from '../../model/redact';
import { type DispatchResult, OK } from '../../model/results';
import { type EngineContext, type FinishedChat } from '../ports';
import type { Handlers } from './handlers';

/**
 * `contact.erase`: the contact's personal data goes from everything the engine holds — the customer of each of their
 * chats, live or finished (only the contact id stays), every message text and file name and address in them, their
 * transcripts in the history store — and, once this input has settled, from what is stored beyond it (the event log
 * and its archive, the journal before now, the store's files: see `forgetStored`). Routing, slots, states and times are
 * not touched, so every other chat, and replay of the journal, go on exactly. Idempotent: erasing again changes nothing
 * more, but is journaled and announced again.
 */
export function erase(ctx: EngineContext, cmd: CommandOf<'contact.erase'>): DispatchResult {
  const chatIds: string[] = [];
  ctx.transact(() => {
    for (const chat of ctx.chats.values()) {
      if (chat.customer.contactId !== cmd.contactId) continue;
      chatIds.push(chat.id);
      chat.customer = erasedCustomer(chat.customer);
      for (let i = 0; i < chat.messages.length; i++) chat.messages[i] = erasedMessage(chat.messages[i] as (typeof chat.messages)[number]);
      // A chat's task keeps no personal data; its record will carry the blank customer.
      ctx.touchChat(chat);
    }
    for (const [chatId, finished] of ctx.finished) {
      if (finished.view.customer.contactId !== cmd.contactId) continue;
      chatIds.push(chatId);
      const record: FinishedChat = Object.freeze({
        view: Object.freeze({ ...finished.view, customer: erasedCustomer(finished.view.customer) }),
        messages: Object.freeze(finished.messages.map(erasedMessage)),
      });
      ctx.replaceFinished(chatId, record);
    }
    ctx.history.erase?.(cmd.contactId);
    ctx.emit({ type: 'contact.erased', contactId: cmd.contactId, chatIds: Object.freeze([...chatIds]) });
    ctx.forgetStored(cmd.contactId, chatIds);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const contactHandlers = {
  'contact.erase': erase,
} satisfies Partial<Handlers>;
