import type { CommandOf } from '../../model/commands';
import type { EngineCore } from '../EngineCore';
import { OK, q, refuse } from '../errors';
import { agentStateOf, slotsFull, type AgentRuntime } from '../runtime';
import type { DispatchResult } from '../../model/results';
import type { WithdrawReason } from '../../model/reasons';
import { findAgent, findOnlineAgent, isRefusal } from './lookup';

/** Withdraws the agent's pending offers (all, or those of one queue), so the chats go back to their place. */
export function withdrawOffers(core: EngineCore, agent: AgentRuntime, reason: WithdrawReason, queueId?: string): void {
  const at = core.clock.now();
  for (const chatId of agent.offers) {
    const chat = core.chats.get(chatId);
    if (chat === undefined || (queueId !== undefined && chat.actor.getSnapshot().context.queueId !== queueId)) continue;
    core.sendChat(chat, { type: 'WITHDRAW', agentId: agent.config.id, reason, at });
  }
  core.drain();
}

export function login(core: EngineCore, cmd: CommandOf<'agent.login'>): DispatchResult {
  const agent = findAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agentStateOf(agent.actor.getSnapshot().value) !== 'offline') {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is already logged in`);
  }
  core.transact(() => core.sendAgent(cmd.agentId, { type: 'LOGIN', at: core.clock.now() }));
  return OK;
}

export function logout(core: EngineCore, cmd: CommandOf<'agent.logout'>): DispatchResult {
  const agent = findOnlineAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chats = agent.chats;
  if (chats.length > 0) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} still has open chats (${chats.map(q).join(', ')}); close them before logging out`);
  }
  core.transact(() => {
    withdrawOffers(core, agent, 'agent-logged-out');
    core.sendAgent(cmd.agentId, { type: 'LOGOUT', at: core.clock.now() });
  });
  return OK;
}

export function pause(core: EngineCore, cmd: CommandOf<'agent.pause'>): DispatchResult {
  const agent = findOnlineAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const current = agent.actor.getSnapshot().context.pause;
  if (current !== null && current.reason === cmd.reason && current.paid === cmd.paid) return OK;
  core.transact(() => {
    withdrawOffers(core, agent, 'agent-paused');
    core.sendAgent(cmd.agentId, { type: 'PAUSE', reason: cmd.reason, paid: cmd.paid, at: core.clock.now() });
  });
  return OK;
}

export function resume(core: EngineCore, cmd: CommandOf<'agent.resume'>): DispatchResult {
  const agent = findOnlineAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agentStateOf(agent.actor.getSnapshot().value) !== 'paused') {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is not paused; only a paused agent can resume`);
  }
  core.transact(() => core.sendAgent(cmd.agentId, { type: 'RESUME', at: core.clock.now(), full: slotsFull(agent) }));
  return OK;
}

function checkMembership(core: EngineCore, cmd: CommandOf<'agent.joinQueue' | 'agent.leaveQueue'>): AgentRuntime | ReturnType<typeof refuse> {
  const agent = findOnlineAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (!core.queues.has(cmd.queueId)) return refuse('not-found', `no queue ${q(cmd.queueId)}`);
  if (!agent.memberQueues.has(cmd.queueId)) {
    return refuse('forbidden', `agent ${q(cmd.agentId)} is not a member of queue ${q(cmd.queueId)}; member of: ${[...agent.memberQueues].map(q).join(', ') || 'none'}`);
  }
  return agent;
}

export function joinQueue(core: EngineCore, cmd: CommandOf<'agent.joinQueue'>): DispatchResult {
  const agent = checkMembership(core, cmd);
  if (isRefusal(agent)) return agent;
  if (!agent.actor.getSnapshot().context.leftQueues.includes(cmd.queueId)) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is already logged into queue ${q(cmd.queueId)}`);
  }
  core.transact(() => core.sendAgent(cmd.agentId, { type: 'JOIN_QUEUE', queueId: cmd.queueId }));
  return OK;
}

export function leaveQueue(core: EngineCore, cmd: CommandOf<'agent.leaveQueue'>): DispatchResult {
  const agent = checkMembership(core, cmd);
  if (isRefusal(agent)) return agent;
  if (agent.actor.getSnapshot().context.leftQueues.includes(cmd.queueId)) {
    return refuse('invalid-state', `agent ${q(cmd.agentId)} is already logged out of queue ${q(cmd.queueId)}`);
  }
  core.transact(() => {
    withdrawOffers(core, agent, 'agent-left-queue', cmd.queueId);
    core.sendAgent(cmd.agentId, { type: 'LEAVE_QUEUE', queueId: cmd.queueId });
  });
  return OK;
}
