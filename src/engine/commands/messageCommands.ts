import type { Attachment, CommandOf } from '../../model/commands';
import * as inactivity from '../chats/inactivity';
import * as reminders from '../chats/reminders';
import type { Message } from '../../model/chat';
import { type DispatchResult, type Refusal, isRefusal, q, refuse } from '../../model/results';
import { type EngineContext, type NormalizedQueue, chatStateOf, markRead } from '../ports';
import { findAgent, findLiveChat } from '../views/lookup';
import { isParticipant } from '../../machines/chat/rules';
import type { Handlers } from './handlers';

const typeAllowed = (allowed: readonly string[] | undefined, mimeType: string): boolean =>
  allowed === undefined ||
  allowed.some((pattern) => (pattern.endsWith('/*') ? mimeType.startsWith(pattern.slice(0, -1)) : pattern === mimeType.split(';')[0]?.trim()));

function checkContent(queue: NormalizedQueue, text: string, attachments: readonly Attachment[]): Refusal | undefined {
  if (text.length === 0 && attachments.length === 0) return refuse('invalid-command', 'a message needs text, attachments, or both');
  if (text.length > queue.maxTextLength) {
    return refuse('invalid-command', `text has ${text.length} characters; queue ${q(queue.id)} allows at most ${queue.maxTextLength}`);
  }
  for (const file of attachments) {
    if (file.size > queue.maxAttachmentBytes) {
      return refuse('invalid-command', `attachment ${q(file.name)} has ${file.size} bytes; queue ${q(queue.id)} allows at most ${queue.maxAttachmentBytes}`);
    }
    if (!typeAllowed(queue.allowedAttachmentTypes, file.mimeType)) {
      return refuse('invalid-command', `attachment ${q(file.name)} is ${file.mimeType}; queue ${q(queue.id)} allows ${(queue.allowedAttachmentTypes ?? []).join(', ')}`);
    }
  }
  return undefined;
}

/** The message this sender already sent with this client id, newest first (retries come soon after). */
function findSent(messages: readonly Message[], from: CommandOf<'message.send'>['from'], clientMessageId: string): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m.clientMessageId !== clientMessageId) continue;
    const same = m.from.kind === from.kind && (from.kind !== 'agent' || (m.from.kind === 'agent' && m.from.agentId === from.agentId));
    if (same) return m;
  }
  return undefined;
}

/**
 * A message from the customer (while waiting or chatting) or from a participating agent. Text, attachments
 * (metadata only), or both, within the chat's queue limits. Customer messages may arm the reminder toast.
 */
export function sendMessage(ctx: EngineContext, cmd: CommandOf<'message.send'>): DispatchResult<'message.send'> {
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  const text = cmd.text ?? '';
  const attachments = cmd.attachments ?? [];
  const invalid = checkContent(ctx.queues.get(context.queueId) as NormalizedQueue, text, attachments);
  if (invalid !== undefined) return invalid;
  const from = cmd.from;
  if (from.kind === 'agent') {
    const agent = findAgent(ctx, from.agentId);
    if (isRefusal(agent)) return agent;
    if (!isParticipant(context, from.agentId)) {
      return refuse('forbidden', `agent ${q(from.agentId)} is not a participant of chat ${q(cmd.chatId)}`);
    }
  }
  if (cmd.clientMessageId !== undefined) {
    // A retry of a message that did arrive (the connection dropped before the answer): the same message, once.
    const sent = findSent(chat.messages, from, cmd.clientMessageId);
    if (sent !== undefined) return Object.freeze({ ok: true as const, messageId: sent.id });
  }
  if (chatStateOf(value) === 'closing') return refuse('invalid-state', `the customer left chat ${q(cmd.chatId)}; no more messages can be sent`);
  const at = ctx.clock.now();
  const message: Message = Object.freeze({
    id: ctx.newId('message'),
    chatId: chat.id,
    from: Object.freeze({ ...from }),
    text,
    attachments: Object.freeze(attachments.map((a) => Object.freeze({ ...a }))),
    ...(cmd.clientMessageId !== undefined ? { clientMessageId: cmd.clientMessageId } : {}),
    at,
  });
  ctx.transact(() => {
    ctx.addMessage(chat, message);
    if (from.kind === 'agent') {
      // Answering reads the chat and clears its reminder.
      markRead(chat, from.agentId);
      reminders.agentAnswered(ctx, chat);
      // The customer owes the next line now: their silence counts from here (queue option `inactivity`).
      inactivity.restart(ctx, chat);
    } else {
      reminders.customerWrote(ctx, chat, at);
      inactivity.stop(ctx, chat);
    }
  });
  return Object.freeze({ ok: true as const, messageId: message.id });
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const messageHandlers = {
  'message.send': sendMessage,
} satisfies Partial<Handlers>;
