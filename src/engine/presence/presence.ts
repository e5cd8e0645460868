import { clearAgentPresence, withdrawOffers } from '../agents/withdrawOffers';
import { agentStateOf, chatStateOf, type AgentRecord, type ChatRecord, type EngineContext, type NormalizedQueue } from '../ports';

/*
 * Presence: what the engine does, on its clock, when the host reports a dropped connection. Nobody is penalised for
 * a dropped connection: offers are withdrawn (not missed), and pauses and the chats policy wait for their graces.
 */

/** The agent's connection dropped (inside a transaction): no offers from now on, and the grace starts. */
export function agentDisconnected(ctx: EngineContext, agent: AgentRecord): void {
  const agentId = agent.config.id;
  // Withdrawn, not missed: nobody is penalised for a dropped connection.
  withdrawOffers(ctx, agent, 'agent-disconnected');
  for (const chatId of agent.chats) {
    const chat = ctx.chats.get(chatId);
    if (chat !== undefined) chat.tally.agentDisconnects++;
  }
  const policy = ctx.presence;
  agent.presence = {
    since: ctx.clock.now(),
    pauseTimer: ctx.later(policy.agentGraceMs, { kind: 'agentGrace', agentId }),
    chatsTimer: policy.agentChats === 'keep' ? undefined : ctx.later(policy.agentChatsAfterMs, { kind: 'agentChats', agentId }),
  };
  ctx.emit({ type: 'agent.presenceChanged', agentId, connected: false });
  ctx.markAgent(agent);
}

/** The agent is back (inside a transaction): offers resume; a pause taken meanwhile stays until they resume. */
export function agentConnected(ctx: EngineContext, agent: AgentRecord): void {
  clearAgentPresence(ctx, agent);
  ctx.emit({ type: 'agent.presenceChanged', agentId: agent.config.id, connected: true });
  ctx.markAgent(agent);
}

/** The grace ran out: the still-disconnected agent is paused (an existing pause is kept as it is). */
export function agentGraceEnded(ctx: EngineContext, agentId: string): void {
  const agent = ctx.agents.get(agentId);
  if (agent?.presence == null) return;
  agent.presence.pauseTimer = undefined;
  const state = agentStateOf(agent.actor.getSnapshot().value);
  if (state === 'offline' || state === 'paused') return;
  const { reason, paid } = ctx.presence.agentPause;
  ctx.sendAgent(agentId, { type: 'PAUSE', reason, paid, at: ctx.clock.now() });
}

/** The further time ran out: the still-disconnected agent's chats are requeued or closed, by policy. */
export function agentChatsDue(ctx: EngineContext, agentId: string): void {
  const agent = ctx.agents.get(agentId);
  if (agent?.presence == null) return;
  agent.presence.chatsTimer = undefined;
  const policy = ctx.presence.agentChats;
  if (policy === 'requeue') releaseChats(ctx, agent, { active: 'requeue', closing: 'keep' });
  else if (policy === 'close-with-status') releaseChats(ctx, agent, { active: 'close', closing: 'close' });
}

/**
 * Takes an agent out of their chats (inside a transaction): a chat shared with others is left to them; one the agent
 * holds alone is requeued (transferred back to its queue, keeping its enqueue time) or closed with a status, or kept.
 */
export function releaseChats(ctx: EngineContext, agent: AgentRecord, how: { active: 'requeue' | 'close'; closing: 'keep' | 'close' }): void {
  const agentId = agent.config.id;
  for (const chatId of agent.chats) {
    const chat = ctx.chats.get(chatId);
    if (chat === undefined) continue;
    const { value, context } = chat.actor.getSnapshot();
    const state = chatStateOf(value);
    const at = ctx.clock.now();
    if (context.participants.some((p) => p.agentId !== agentId)) {
      ctx.sendChat(chat, { type: 'CLOSE', agentId, at });
    } else if (state === 'active' && how.active === 'requeue') {
      ctx.sendChat(chat, { type: 'TRANSFER', agentId, target: Object.freeze({ queueId: context.queueId }), queueId: context.queueId, at });
    } else if ((state === 'active' && how.active === 'close') || (state === 'closing' && how.closing === 'close')) {
      if (context.status === null) ctx.sendChat(chat, { type: 'SET_STATUS', agentId, status: closeStatusFor(ctx, context.queueId), at });
      ctx.sendChat(chat, { type: 'CLOSE', agentId, at });
    }
  }
  ctx.drain();
}

/** The configured `closeStatus` when the queue allows it, else the queue's first close status. */
function closeStatusFor(ctx: EngineContext, queueId: string): string {
  const queue = ctx.queues.get(queueId) as NormalizedQueue;
  const wanted = ctx.presence.closeStatus;
  return wanted !== undefined && queue.closeStatuses.includes(wanted) ? wanted : (queue.closeStatuses[0] as string);
}

/** The customer's connection dropped (inside a transaction): shown as away; they leave when the grace runs out. */
export function customerDisconnected(ctx: EngineContext, chat: ChatRecord): void {
  chat.customerAwaySince = ctx.clock.now();
  chat.tally.customerDisconnects++;
  chat.customerTimer = ctx.later(ctx.presence.customerGraceMs, { kind: 'customerGrace', chatId: chat.id });
  ctx.emit({ type: 'customer.presenceChanged', chatId: chat.id, connected: false });
  ctx.touchChat(chat);
}

export function customerConnected(ctx: EngineContext, chat: ChatRecord): void {
  clearCustomerAway(ctx, chat);
  ctx.emit({ type: 'customer.presenceChanged', chatId: chat.id, connected: true });
  ctx.touchChat(chat);
}

/** Forgets the away marker and its timer (reconnected, left, or the chat ended). */
export function clearCustomerAway(ctx: EngineContext, chat: ChatRecord): void {
  if (chat.customerTimer !== null) ctx.cancelLater(chat.customerTimer);
  chat.customerTimer = null;
  chat.customerAwaySince = null;
}

/** The customer's grace ran out: they leave, as with `customer.leave`. */
export function customerGraceEnded(ctx: EngineContext, chatId: string): void {
  const chat = ctx.chats.get(chatId);
  if (chat === undefined) return;
  chat.customerTimer = null;
  chat.customerAwaySince = null;
  if (chat.actor.getSnapshot().value === 'closing') return;
  ctx.sendChat(chat, { type: 'CUSTOMER_LEAVE', at: ctx.clock.now() });
}
