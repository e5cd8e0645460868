import type { CommandOf } from '../../model/commands';
import type { NormalizedQueue } from '../config';
import type { EngineCore } from '../EngineCore';
import { OK, q, refuse } from '../errors';
import type { DispatchResult } from '../../model/results';
import * as policyEffects from '../policyEffects';
import { findLiveChat, findOwnChat, isRefusal } from './lookup';
import { deepFreeze } from '../../model/deepFreeze';

export function start(core: EngineCore, cmd: CommandOf<'chat.start'>): DispatchResult<'chat.start'> {
  const queue = core.queues.get(cmd.queueId);
  if (queue === undefined) return refuse('not-found', `no queue ${q(cmd.queueId)}; queues: ${[...core.queues.keys()].map(q).join(', ')}`);
  // Routing policies first (business hours, overflow, queue length, affinity): a refusal must draw no id.
  const admitted = policyEffects.admitStart(core, cmd, queue);
  if (isRefusal(admitted)) return admitted;
  let chatId = cmd.chatId;
  if (chatId !== undefined) {
    if (core.chats.has(chatId) || core.finished.has(chatId)) return refuse('conflict', `chat id ${q(chatId)} is already in use`);
  } else {
    do chatId = core.newId('chat');
    while (core.chats.has(chatId) || core.finished.has(chatId));
  }
  const id = chatId;
  core.transact(() => {
    const { overflowed } = admitted;
    if (overflowed !== undefined) core.emit({ type: 'chat.overflowed', chatId: id, fromQueueId: overflowed.from, queueId: admitted.queue.id, reason: overflowed.reason });
    core.startChat(id, admitted.queue, deepFreeze({ ...cmd.customer }), cmd.priority ?? 0, admitted.policy);
  });
  return Object.freeze({ ok: true as const, chatId: id });
}

export function setStatus(core: EngineCore, cmd: CommandOf<'chat.setStatus'>): DispatchResult {
  const chat = findOwnChat(core, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  const queue = core.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue;
  if (!queue.closeStatuses.includes(cmd.status)) {
    return refuse('invalid-command', `status ${q(cmd.status)} is not allowed in queue ${q(queue.id)}; allowed: ${queue.closeStatuses.map(q).join(', ')}`);
  }
  core.transact(() => core.sendChat(chat, { type: 'SET_STATUS', agentId: cmd.agentId, status: cmd.status, at: core.clock.now() }));
  return OK;
}

/** Closes the chat for this agent: the last participant ends it (a status is required); others just leave. */
export function close(core: EngineCore, cmd: CommandOf<'chat.close'>): DispatchResult {
  const chat = findOwnChat(core, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  if (context.participants.length === 1 && context.status === null) {
    const queue = core.queues.get(context.queueId) as NormalizedQueue;
    return refuse('status-required', `chat ${q(cmd.chatId)} has no status; set one first (chat.setStatus) from: ${queue.closeStatuses.map(q).join(', ')}`);
  }
  core.transact(() => core.sendChat(chat, { type: 'CLOSE', agentId: cmd.agentId, at: core.clock.now() }));
  return OK;
}

export function customerLeave(core: EngineCore, cmd: CommandOf<'customer.leave'>): DispatchResult {
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}`);
  core.transact(() => core.sendChat(chat, { type: 'CUSTOMER_LEAVE', at: core.clock.now() }));
  return OK;
}

export function markImportant(core: EngineCore, cmd: CommandOf<'chat.markImportant'>): DispatchResult {
  const chat = findOwnChat(core, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().context.important === cmd.important) return OK;
  core.transact(() => core.sendChat(chat, { type: 'MARK_IMPORTANT', agentId: cmd.agentId, important: cmd.important }));
  return OK;
}

/** The agent has read the chat up to now: its unread count drops to zero. */
export function read(core: EngineCore, cmd: CommandOf<'chat.read'>): DispatchResult {
  const chat = findOwnChat(core, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  if (chat.readUpTo?.get(cmd.agentId) === chat.messages.length) return OK;
  core.transact(() => {
    (chat.readUpTo ??= new Map()).set(cmd.agentId, chat.messages.length);
    core.desk.touchAgent(cmd.agentId);
  });
  return OK;
}
