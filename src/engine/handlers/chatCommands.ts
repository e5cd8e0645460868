import type { CommandOf } from '../commandSchema';
import type { NormalizedQueue } from '../config';
import type { EngineCore } from '../EngineCore';
import { OK, q, refuse } from '../errors';
import { chatStateOf, slotsUsed, type ChatRuntime } from '../runtime';
import type { DispatchResult, Message } from '../types';
import { findAgent, findLiveChat, findOnlineAgent, isRefusal, type Refusal } from './lookup';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function start(core: EngineCore, cmd: CommandOf<'chat.start'>): DispatchResult<'chat.start'> {
  const queue = core.queues.get(cmd.queueId);
  if (queue === undefined) return refuse('not-found', `no queue ${q(cmd.queueId)}; queues: ${[...core.queues.keys()].map(q).join(', ')}`);
  let chatId = cmd.chatId;
  if (chatId !== undefined) {
    if (core.chats.has(chatId) || core.finished.has(chatId)) return refuse('conflict', `chat id ${q(chatId)} is already in use`);
  } else {
    do chatId = core.newId('chat');
    while (core.chats.has(chatId) || core.finished.has(chatId));
  }
  const id = chatId;
  core.transact(() => core.startChat(id, queue, deepFreeze({ ...cmd.customer }), cmd.priority ?? 0));
  return Object.freeze({ ok: true as const, chatId: id });
}

/** The chat and the agent's own pending offer on it, or why the agent cannot answer it. */
function findOwnOffer(core: EngineCore, cmd: CommandOf<'offer.accept' | 'offer.reject'>): ChatRuntime | Refusal {
  const agent = findAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const snapshot = chat.actor.getSnapshot();
  if (snapshot.value !== 'offered') {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${chatStateOf(snapshot.value)}, not offered; only a pending offer can be answered`);
  }
  if (!snapshot.context.offers.some((o) => o.agentId === cmd.agentId)) {
    return refuse('forbidden', `chat ${q(cmd.chatId)} is not offered to agent ${q(cmd.agentId)}; an agent answers only their own offers`);
  }
  return chat;
}

export function accept(core: EngineCore, cmd: CommandOf<'offer.accept'>): DispatchResult {
  const chat = findOwnOffer(core, cmd);
  if (isRefusal(chat)) return chat;
  core.transact(() => core.sendChat(chat, { type: 'ACCEPT', agentId: cmd.agentId, at: core.clock.now() }));
  return OK;
}

export function reject(core: EngineCore, cmd: CommandOf<'offer.reject'>): DispatchResult {
  const chat = findOwnOffer(core, cmd);
  if (isRefusal(chat)) return chat;
  core.transact(() => core.sendChat(chat, { type: 'REJECT', agentId: cmd.agentId, at: core.clock.now() }));
  return OK;
}

export function pick(core: EngineCore, cmd: CommandOf<'chat.pick'>): DispatchResult {
  const agent = findOnlineAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  if (value !== 'queued' && value !== 'offered') {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${chatStateOf(value)}; only a queued or offered chat can be picked`);
  }
  if (!agent.memberQueues.has(context.queueId)) {
    return refuse('forbidden', `agent ${q(cmd.agentId)} is not a member of queue ${q(context.queueId)}, so cannot pick its chats`);
  }
  const at = core.clock.now();
  if (context.offers.some((o) => o.agentId === cmd.agentId)) {
    // Picking a chat offered to yourself is accepting it: the slot is already reserved.
    core.transact(() => core.sendChat(chat, { type: 'ACCEPT', agentId: cmd.agentId, at }));
    return OK;
  }
  const agentContext = agent.actor.getSnapshot().context;
  if (slotsUsed(agentContext) >= agentContext.capacity) {
    return refuse(
      'capacity-exceeded',
      `agent ${q(cmd.agentId)} uses ${slotsUsed(agentContext)} of ${agentContext.capacity} slots (${agentContext.chats.length} chats, ${agentContext.offers.length} offers); close a chat or answer the offer first`,
    );
  }
  core.transact(() => core.sendChat(chat, { type: 'PICK', agentId: cmd.agentId, at }));
  return OK;
}

/** The chat, if the agent is one of its participants and it is open (active, or closing after the customer left). */
function findOwnOpenChat(core: EngineCore, cmd: { agentId: string; chatId: string }): ChatRuntime | Refusal {
  const agent = findAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  if (!context.participants.some((p) => p.agentId === cmd.agentId)) {
    return refuse('forbidden', `agent ${q(cmd.agentId)} is not a participant of chat ${q(cmd.chatId)}`);
  }
  if (value !== 'active' && value !== 'closing') {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${chatStateOf(value)}; it must be active or closing`);
  }
  return chat;
}

export function setStatus(core: EngineCore, cmd: CommandOf<'chat.setStatus'>): DispatchResult {
  const chat = findOwnOpenChat(core, cmd);
  if (isRefusal(chat)) return chat;
  const queue = core.queues.get(chat.actor.getSnapshot().context.queueId) as NormalizedQueue;
  if (!queue.closeStatuses.includes(cmd.status)) {
    return refuse('invalid-command', `status ${q(cmd.status)} is not allowed in queue ${q(queue.id)}; allowed: ${queue.closeStatuses.map(q).join(', ')}`);
  }
  core.transact(() => core.sendChat(chat, { type: 'SET_STATUS', agentId: cmd.agentId, status: cmd.status, at: core.clock.now() }));
  return OK;
}

export function close(core: EngineCore, cmd: CommandOf<'chat.close'>): DispatchResult {
  const chat = findOwnOpenChat(core, cmd);
  if (isRefusal(chat)) return chat;
  const context = chat.actor.getSnapshot().context;
  if (context.status === null) {
    const queue = core.queues.get(context.queueId) as NormalizedQueue;
    return refuse('status-required', `chat ${q(cmd.chatId)} has no status; set one first (chat.setStatus) from: ${queue.closeStatuses.map(q).join(', ')}`);
  }
  core.transact(() => core.sendChat(chat, { type: 'CLOSE', agentId: cmd.agentId, at: core.clock.now() }));
  return OK;
}

export function customerLeave(core: EngineCore, cmd: CommandOf<'customer.leave'>): DispatchResult {
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') {
    return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}`);
  }
  core.transact(() => core.sendChat(chat, { type: 'CUSTOMER_LEAVE', at: core.clock.now() }));
  return OK;
}

export function sendMessage(core: EngineCore, cmd: CommandOf<'message.send'>): DispatchResult<'message.send'> {
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  const queue = core.queues.get(context.queueId) as NormalizedQueue;
  if (cmd.text.length > queue.maxTextLength) {
    return refuse('invalid-command', `text has ${cmd.text.length} characters; queue ${q(queue.id)} allows at most ${queue.maxTextLength}`);
  }
  if (cmd.from.kind === 'agent') {
    const agentId = cmd.from.agentId;
    const agent = findAgent(core, agentId);
    if (isRefusal(agent)) return agent;
    if (!context.participants.some((p) => p.agentId === agentId)) {
      return refuse('forbidden', `agent ${q(agentId)} is not a participant of chat ${q(cmd.chatId)}`);
    }
  }
  if (value === 'closing') return refuse('invalid-state', `the customer left chat ${q(cmd.chatId)}; no more messages can be sent`);
  const message: Message = Object.freeze({
    id: core.newId('message'),
    chatId: chat.id,
    from: Object.freeze({ ...cmd.from }),
    text: cmd.text,
    at: core.clock.now(),
  });
  core.transact(() => {
    chat.messages.push(message);
    core.emit({ type: 'message.sent', message });
  });
  return Object.freeze({ ok: true as const, messageId: message.id });
}
