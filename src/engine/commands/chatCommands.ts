import type { CommandOf } from '../../model/commands';
import * as policyEffects from '../policies/policyEffects';
import { deepFreeze } from '../../model/deepFreeze';
import { type DispatchResult, OK, isRefusal, q, refuse } from '../../model/results';
import { type EngineContext, type NormalizedQueue, markRead, readCount } from '../ports';
import { findLiveChat, findOwnChat } from '../views/lookup';
import { closeNeedsStatus } from '../../machines/chat/rules';
import { sendToChat } from './sendToChat';
import type { Handlers } from './handlers';

export function start(ctx: EngineContext, cmd: CommandOf<'chat.start'>): DispatchResult<'chat.start'> {
  const queue = ctx.queues.get(cmd.queueId);
  if (queue === undefined) return refuse('not-found', `no queue ${q(cmd.queueId)}; queues: ${[...ctx.queues.keys()].map(q).join(', ')}`);
  // Routing policies first (business hours, overflow, queue length, affinity): a refusal must draw no id.
  const admitted = policyEffects.admitStart(ctx, cmd, queue);
  if (isRefusal(admitted)) return admitted;
  let chatId = cmd.chatId;
  if (chatId !== undefined) {
    if (ctx.chats.has(chatId) || ctx.finished.has(chatId)) return refuse('conflict', `chat id ${q(chatId)} is already in use`);
  } else {
    do chatId = ctx.newId('chat');
    while (ctx.chats.has(chatId) || ctx.finished.has(chatId));
  }
  const id = chatId;
  ctx.transact(() => {
    const { overflowed } = admitted;
    if (overflowed !== undefined) ctx.emit({ type: 'chat.overflowed', chatId: id, fromQueueId: overflowed.from, queueId: admitted.queue.id, reason: overflowed.reason });
    ctx.startChat(id, admitted.queue, deepFreeze({ ...cmd.customer }), cmd.priority ?? 0, admitted.policy);
  });
  return Object.freeze({ ok: true as const, chatId: id });
}

export function setStatus(ctx: EngineContext, cmd: CommandOf<'chat.setStatus'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  const queue = ctx.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue;
  if (!queue.closeStatuses.includes(cmd.status)) {
    return refuse('invalid-command', `status ${q(cmd.status)} is not allowed in queue ${q(queue.id)}; allowed: ${queue.closeStatuses.map(q).join(', ')}`);
  }
  return sendToChat(ctx, chat, { type: 'SET_STATUS', agentId: cmd.agentId, status: cmd.status, at: ctx.clock.now() });
}

/** Closes the chat for this agent: the last participant ends it (a status is required); others just leave. */
export function close(ctx: EngineContext, cmd: CommandOf<'chat.close'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  if (closeNeedsStatus(context)) {
    const queue = ctx.queues.get(context.queueId) as NormalizedQueue;
    return refuse('status-required', `chat ${q(cmd.chatId)} has no status; set one first (chat.setStatus) from: ${queue.closeStatuses.map(q).join(', ')}`);
  }
  return sendToChat(ctx, chat, { type: 'CLOSE', agentId: cmd.agentId, at: ctx.clock.now() });
}

export function customerLeave(ctx: EngineContext, cmd: CommandOf<'customer.leave'>): DispatchResult {
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}`);
  return sendToChat(ctx, chat, { type: 'CUSTOMER_LEAVE', at: ctx.clock.now() });
}

export function markImportant(ctx: EngineContext, cmd: CommandOf<'chat.markImportant'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().context.important === cmd.important) return OK;
  return sendToChat(ctx, chat, { type: 'MARK_IMPORTANT', agentId: cmd.agentId, important: cmd.important });
}

/** The agent has read the chat up to now: its unread count drops to zero. */
export function read(ctx: EngineContext, cmd: CommandOf<'chat.read'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  if (readCount(chat, cmd.agentId) === chat.messages.length) return OK;
  ctx.transact(() => {
    markRead(chat, cmd.agentId);
    ctx.touchAgent(cmd.agentId);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const chatHandlers = {
  'chat.start': start,
  'chat.setStatus': setStatus,
  'chat.close': close,
  'customer.leave': customerLeave,
  'chat.read': read,
  'chat.markImportant': markImportant,
} satisfies Partial<Handlers>;
