import { ChatrouteError } from '../errors/ChatrouteError';
import type { NormalizedQueue } from './config';
import type { EngineCore } from './EngineCore';
import { withdrawOffers } from './handlers/agentCommands';
import { agentStateOf, chatStateOf, type AgentRuntime, type ChatRuntime } from './runtime';
import type { PresenceOptions } from '../model/config';

/** The presence policy with every default filled in. */
export interface NormalizedPresence {
  readonly agentGraceMs: number;
  readonly agentPause: { readonly reason: string; readonly paid: boolean };
  readonly agentChatsAfterMs: number;
  readonly agentChats: 'keep' | 'requeue' | 'close-with-status';
  readonly closeStatus: string | undefined;
  readonly customerGraceMs: number;
}

/** A disconnected agent: since when, and the pending timers of the grace (pause) and of the chats policy. */
export interface AgentPresence {
  readonly since: number;
  pauseTimer: number | undefined;
  chatsTimer: number | undefined;
}

const ms = (value: unknown, what: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ChatrouteError('invalid-config', `options.presence.${what} must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
};

/** Validates `options.presence` and fills its defaults; throws `invalid-config` naming the field. */
export function normalizePresence(options: PresenceOptions | undefined): NormalizedPresence {
  const p = options ?? {};
  const agentChats = p.agentChats ?? 'keep';
  if (agentChats !== 'keep' && agentChats !== 'requeue' && agentChats !== 'close-with-status') {
    throw new ChatrouteError('invalid-config', `options.presence.agentChats must be 'keep', 'requeue' or 'close-with-status', got ${String(agentChats)}`);
  }
  const pause = p.agentPause ?? { reason: 'disconnected', paid: true };
  if (typeof pause?.reason !== 'string' || pause.reason.length === 0 || typeof pause.paid !== 'boolean') {
    throw new ChatrouteError('invalid-config', 'options.presence.agentPause must be { reason: non-empty string, paid: boolean }');
  }
  if (p.closeStatus !== undefined && (typeof p.closeStatus !== 'string' || p.closeStatus.length === 0)) {
    throw new ChatrouteError('invalid-config', 'options.presence.closeStatus must be a non-empty string');
  }
  return {
    agentGraceMs: ms(p.agentGraceMs, 'agentGraceMs', 30_000),
    agentPause: Object.freeze({ reason: pause.reason, paid: pause.paid }),
    agentChatsAfterMs: ms(p.agentChatsAfterMs, 'agentChatsAfterMs', 120_000),
    agentChats,
    closeStatus: p.closeStatus,
    customerGraceMs: ms(p.customerGraceMs, 'customerGraceMs', 60_000),
  };
}

/** The agent's connection dropped (inside a transaction): no offers from now on, and the grace starts. */
export function agentDisconnected(core: EngineCore, agent: AgentRuntime): void {
  const agentId = agent.config.id;
  // Withdrawn, not missed: nobody is penalised for a dropped connection.
  withdrawOffers(core, agent, 'agent-disconnected');
  const policy = core.presence;
  agent.presence = {
    since: core.clock.now(),
    pauseTimer: core.later(policy.agentGraceMs, { kind: 'agentGrace', agentId }),
    chatsTimer: policy.agentChats === 'keep' ? undefined : core.later(policy.agentChatsAfterMs, { kind: 'agentChats', agentId }),
  };
  core.emit({ type: 'agent.presenceChanged', agentId, connected: false });
  core.markAgent(agent);
}

/** The agent is back (inside a transaction): offers resume; a pause taken meanwhile stays until they resume. */
export function agentConnected(core: EngineCore, agent: AgentRuntime): void {
  clearAgentPresence(core, agent);
  core.emit({ type: 'agent.presenceChanged', agentId: agent.config.id, connected: true });
  core.markAgent(agent);
}

/** Forgets an agent's presence (reconnected, or logged out): its timers are cancelled. */
export function clearAgentPresence(core: EngineCore, agent: AgentRuntime): void {
  const presence = agent.presence;
  if (presence === null) return;
  if (presence.pauseTimer !== undefined) core.cancelLater(presence.pauseTimer);
  if (presence.chatsTimer !== undefined) core.cancelLater(presence.chatsTimer);
  agent.presence = null;
}

/** The grace ran out: the still-disconnected agent is paused (an existing pause is kept as it is). */
export function agentGraceEnded(core: EngineCore, agentId: string): void {
  const agent = core.agents.get(agentId);
  if (agent?.presence == null) return;
  agent.presence.pauseTimer = undefined;
  const state = agentStateOf(agent.actor.getSnapshot().value);
  if (state === 'offline' || state === 'paused') return;
  const { reason, paid } = core.presence.agentPause;
  core.sendAgent(agentId, { type: 'PAUSE', reason, paid, at: core.clock.now() });
}

/** The further time ran out: the still-disconnected agent's chats are requeued or closed, by policy. */
export function agentChatsDue(core: EngineCore, agentId: string): void {
  const agent = core.agents.get(agentId);
  if (agent?.presence == null) return;
  agent.presence.chatsTimer = undefined;
  const policy = core.presence.agentChats;
  if (policy === 'requeue') releaseChats(core, agent, { active: 'requeue', closing: 'keep' });
  else if (policy === 'close-with-status') releaseChats(core, agent, { active: 'close', closing: 'close' });
}

/**
 * Takes an agent out of their chats (inside a transaction): a chat shared with others is left to them; one the agent
 * holds alone is requeued (transferred back to its queue, keeping its enqueue time) or closed with a status, or kept.
 */
export function releaseChats(core: EngineCore, agent: AgentRuntime, how: { active: 'requeue' | 'close'; closing: 'keep' | 'close' }): void {
  const agentId = agent.config.id;
  for (const chatId of agent.chats) {
    const chat = core.chats.get(chatId);
    if (chat === undefined) continue;
    const { value, context } = chat.actor.getSnapshot();
    const state = chatStateOf(value);
    const at = core.clock.now();
    if (context.participants.some((p) => p.agentId !== agentId)) {
      core.sendChat(chat, { type: 'CLOSE', agentId, at });
    } else if (state === 'active' && how.active === 'requeue') {
      core.sendChat(chat, { type: 'TRANSFER', agentId, target: Object.freeze({ queueId: context.queueId }), queueId: context.queueId, at });
    } else if ((state === 'active' && how.active === 'close') || (state === 'closing' && how.closing === 'close')) {
      if (context.status === null) core.sendChat(chat, { type: 'SET_STATUS', agentId, status: closeStatusFor(core, context.queueId), at });
      core.sendChat(chat, { type: 'CLOSE', agentId, at });
    }
  }
  core.drain();
}

/** The configured `closeStatus` when the queue allows it, else the queue's first close status. */
function closeStatusFor(core: EngineCore, queueId: string): string {
  const queue = core.queues.get(queueId) as NormalizedQueue;
  const wanted = core.presence.closeStatus;
  return wanted !== undefined && queue.closeStatuses.includes(wanted) ? wanted : (queue.closeStatuses[0] as string);
}

/** The customer's connection dropped (inside a transaction): shown as away; they leave when the grace runs out. */
export function customerDisconnected(core: EngineCore, chat: ChatRuntime): void {
  chat.customerAwaySince = core.clock.now();
  chat.customerTimer = core.later(core.presence.customerGraceMs, { kind: 'customerGrace', chatId: chat.id });
  core.emit({ type: 'customer.presenceChanged', chatId: chat.id, connected: false });
  core.desk.touchChat(chat);
}

export function customerConnected(core: EngineCore, chat: ChatRuntime): void {
  clearCustomerAway(core, chat);
  core.emit({ type: 'customer.presenceChanged', chatId: chat.id, connected: true });
  core.desk.touchChat(chat);
}

/** Forgets the away marker and its timer (reconnected, left, or the chat ended). */
export function clearCustomerAway(core: EngineCore, chat: ChatRuntime): void {
  if (chat.customerTimer !== undefined) core.cancelLater(chat.customerTimer);
  chat.customerTimer = undefined;
  chat.customerAwaySince = null;
}

/** The customer's grace ran out: they leave, as with `customer.leave`. */
export function customerGraceEnded(core: EngineCore, chatId: string): void {
  const chat = core.chats.get(chatId);
  if (chat === undefined) return;
  chat.customerTimer = undefined;
  chat.customerAwaySince = null;
  if (chat.actor.getSnapshot().value === 'closing') return;
  core.sendChat(chat, { type: 'CUSTOMER_LEAVE', at: core.clock.now() });
}
