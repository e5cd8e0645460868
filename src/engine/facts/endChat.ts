import type { ChatRecord, EngineContext } from '../ports';
import { clearCustomerAway } from '../presence/presence';
import { buildChatView } from '../views/views';
import { contactRecordOf } from './contactRecord';

/**
 * A chat closed or was abandoned: its transcript goes to the history store, its open assistance request is
 * resolved, and it leaves the live registry (kept for queries until the retention limit).
 */
export function endChatRecord(ctx: EngineContext, chat: ChatRecord): void {
  const context = chat.actor.getSnapshot().context;
  const messages = Object.freeze([...chat.messages]);
  clearCustomerAway(ctx, chat);
  if (chat.customer.contactId !== undefined) {
    ctx.history.record({
      contactId: chat.customer.contactId,
      chatId: chat.id,
      queueId: context.queueId,
      enqueuedAt: chat.task.enqueuedAt,
      endedAt: context.endedAt ?? ctx.clock.now(),
      messages,
    });
  }
  const request = chat.assistanceId === null ? undefined : ctx.assistance.get(chat.assistanceId);
  if (request !== undefined) {
    ctx.closeAssistance(request.id);
    ctx.emit({ type: 'assistance.resolved', requestId: request.id, chatId: chat.id, reason: 'chat-ended' });
    ctx.touchSupervisors(request.queueId);
    chat.assistanceId = null;
  }
  ctx.emit({ type: 'contact.recorded', record: contactRecordOf(ctx, chat) });
  ctx.finish(chat, ctx.retainsFinished ? { view: buildChatView(ctx, chat), messages } : undefined);
}
