import type { Attachment, CommandOf } from '../../model/commands';
import type { NormalizedQueue } from '../config';
import type { EngineCore } from '../EngineCore';
import { q, refuse } from '../errors';
import * as reminders from '../reminders';
import { chatStateOf } from '../runtime';
import type { DispatchResult } from '../../model/results';
import type { Message } from '../../model/chat';
import { findAgent, findLiveChat, isRefusal, type Refusal } from './lookup';

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
export function sendMessage(core: EngineCore, cmd: CommandOf<'message.send'>): DispatchResult<'message.send'> {
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  const text = cmd.text ?? '';
  const attachments = cmd.attachments ?? [];
  const invalid = checkContent(core.queues.get(context.queueId) as NormalizedQueue, text, attachments);
  if (invalid !== undefined) return invalid;
  const from = cmd.from;
  if (from.kind === 'agent') {
    const agent = findAgent(core, from.agentId);
    if (isRefusal(agent)) return agent;
    if (!context.participants.some((p) => p.agentId === from.agentId)) {
      return refuse('forbidden', `agent ${q(from.agentId)} is not a participant of chat ${q(cmd.chatId)}`);
    }
  }
  if (cmd.clientMessageId !== undefined) {
    // A retry of a message that did arrive (the connection dropped before the answer): the same message, once.
    const sent = findSent(chat.messages, from, cmd.clientMessageId);
    if (sent !== undefined) return Object.freeze({ ok: true as const, messageId: sent.id });
  }
  if (chatStateOf(value) === 'closing') return refuse('invalid-state', `the customer left chat ${q(cmd.chatId)}; no more messages can be sent`);
  const at = core.clock.now();
  const message: Message = Object.freeze({
    id: core.newId('message'),
    chatId: chat.id,
    from: Object.freeze({ ...from }),
    text,
    attachments: Object.freeze(attachments.map((a) => Object.freeze({ ...a }))),
    ...(cmd.clientMessageId !== undefined ? { clientMessageId: cmd.clientMessageId } : {}),
    at,
  });
  core.transact(() => {
    core.addMessage(chat, message);
    if (from.kind === 'agent') {
      // Answering reads the chat and clears its reminder.
      (chat.readUpTo ??= new Map()).set(from.agentId, chat.messages.length);
      reminders.agentAnswered(core, chat);
    } else {
      reminders.customerWrote(core, chat, at);
    }
  });
  return Object.freeze({ ok: true as const, messageId: message.id });
}
