import type { CommandOf } from '../../model/commands';
import { withdrawOffers } from '../agents/withdrawOffers';
import { endWrapUp } from '../agents/wrapUps';
import { type DispatchResult, OK, isRefusal, q, refuse } from '../../model/results';
import { type AgentRecord, type EngineContext, agentStateOf, slotsFull } from '../ports';
import { findAgent, findOnlineAgent } from '../views/lookup';
import type { Handlers } from './handlers';

export function login(ctx: EngineContext, cmd: CommandOf<'agent.login'>): DispatchResult {
  const agent = findAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agentStateOf(agent.actor.getSnapshot().value) !== 'offline') {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is already logged in`);
  }
  ctx.transact(() => ctx.sendAgent(cmd.agentId, { type: 'LOGIN', at: ctx.clock.now() }));
  return OK;
}

export function logout(ctx: EngineContext, cmd: CommandOf<'agent.logout'>): DispatchResult {
  const agent = findOnlineAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chats = agent.chats;
  if (chats.length > 0) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} still has open chats (${chats.map(q).join(', ')}); close them before logging out`);
  }
  ctx.transact(() => {
    withdrawOffers(ctx, agent, 'agent-logged-out');
    ctx.sendAgent(cmd.agentId, { type: 'LOGOUT', at: ctx.clock.now() });
  });
  return OK;
}

export function pause(ctx: EngineContext, cmd: CommandOf<'agent.pause'>): DispatchResult {
  const agent = findOnlineAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const current = agent.actor.getSnapshot().context.pause;
  if (current !== null && current.reason === cmd.reason && current.paid === cmd.paid) return OK;
  ctx.transact(() => {
    withdrawOffers(ctx, agent, 'agent-paused');
    ctx.sendAgent(cmd.agentId, { type: 'PAUSE', reason: cmd.reason, paid: cmd.paid, at: ctx.clock.now() });
  });
  return OK;
}

export function resume(ctx: EngineContext, cmd: CommandOf<'agent.resume'>): DispatchResult {
  const agent = findOnlineAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agentStateOf(agent.actor.getSnapshot().value) !== 'paused') {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is not paused; only a paused agent can resume`);
  }
  ctx.transact(() => ctx.sendAgent(cmd.agentId, { type: 'RESUME', at: ctx.clock.now(), full: slotsFull(agent) }));
  return OK;
}

function checkMembership(ctx: EngineContext, cmd: CommandOf<'agent.joinQueue' | 'agent.leaveQueue'>): AgentRecord | ReturnType<typeof refuse> {
  const agent = findOnlineAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (!ctx.queues.has(cmd.queueId)) return refuse('not-found', `no queue ${q(cmd.queueId)}`);
  if (!agent.memberQueues.has(cmd.queueId)) {
    return refuse('forbidden', `agent ${q(cmd.agentId)} is not a member of queue ${q(cmd.queueId)}; member of: ${[...agent.memberQueues].map(q).join(', ') || 'none'}`);
  }
  return agent;
}

export function joinQueue(ctx: EngineContext, cmd: CommandOf<'agent.joinQueue'>): DispatchResult {
  const agent = checkMembership(ctx, cmd);
  if (isRefusal(agent)) return agent;
  if (!agent.actor.getSnapshot().context.leftQueues.includes(cmd.queueId)) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is already logged into queue ${q(cmd.queueId)}`);
  }
  ctx.transact(() => ctx.sendAgent(cmd.agentId, { type: 'JOIN_QUEUE', queueId: cmd.queueId }));
  return OK;
}

export function leaveQueue(ctx: EngineContext, cmd: CommandOf<'agent.leaveQueue'>): DispatchResult {
  const agent = checkMembership(ctx, cmd);
  if (isRefusal(agent)) return agent;
  if (agent.actor.getSnapshot().context.leftQueues.includes(cmd.queueId)) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is already logged out of queue ${q(cmd.queueId)}`);
  }
  ctx.transact(() => {
    withdrawOffers(ctx, agent, 'agent-left-queue', cmd.queueId);
    ctx.sendAgent(cmd.agentId, { type: 'LEAVE_QUEUE', queueId: cmd.queueId });
  });
  return OK;
}

/** `agent.wrapUpDone`: ends one wrap-up (`chatId`) or all of them. */
export function wrapUpDone(ctx: EngineContext, cmd: CommandOf<'agent.wrapUpDone'>): DispatchResult {
  const agent = ctx.agents.get(cmd.agentId);
  if (agent === undefined) return refuse('not-found', `no agent ${q(cmd.agentId)}`);
  const chatIds = cmd.chatId !== undefined ? [cmd.chatId] : [...agent.wrapUps.keys()];
  if (chatIds.length === 0 || !chatIds.every((id) => agent.wrapUps.has(id))) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} has no wrap-up${cmd.chatId !== undefined ? ` for chat ${q(cmd.chatId)}` : ''}; wrap-ups: ${[...agent.wrapUps.keys()].map(q).join(', ') || 'none'}`);
  }
  ctx.transact(() => {
    for (const chatId of chatIds) endWrapUp(ctx, cmd.agentId, chatId);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const agentHandlers = {
  'agent.login': login,
  'agent.logout': logout,
  'agent.joinQueue': joinQueue,
  'agent.leaveQueue': leaveQueue,
  'agent.pause': pause,
  'agent.resume': resume,
  'agent.wrapUpDone': wrapUpDone,
} satisfies Partial<Handlers>;
