import type { CommandOf } from '../../model/commands';
import { agentConnected, agentDisconnected, customerConnected, customerDisconnected } from '../presence/presence';
import { type DispatchResult, OK, isRefusal, q, refuse } from '../../model/results';
import { type EngineContext, agentStateOf } from '../ports';
import { findAgent, findLiveChat } from '../views/lookup';
import type { Handlers } from './handlers';

/*
 * Presence commands come from the host's transport (a WebSocket closing and opening), which repeats itself: each is
 * idempotent, and a repeat (or a disconnect of a logged-out agent, whose connection the engine does not track) is
 * accepted and changes nothing, so it is neither journaled nor evented.
 */

export function agentDisconnectedCommand(ctx: EngineContext, cmd: CommandOf<'agent.disconnected'>): DispatchResult {
  const agent = findAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agent.presence !== null || agentStateOf(agent.actor.getSnapshot().value) === 'offline') return OK;
  ctx.transact(() => agentDisconnected(ctx, agent));
  return OK;
}

export function agentConnectedCommand(ctx: EngineContext, cmd: CommandOf<'agent.connected'>): DispatchResult {
  const agent = findAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agent.presence === null) return OK;
  ctx.transact(() => agentConnected(ctx, agent));
  return OK;
}

export function customerDisconnectedCommand(ctx: EngineContext, cmd: CommandOf<'customer.disconnected'>): DispatchResult {
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}`);
  if (chat.customerAwaySince !== null) return OK;
  ctx.transact(() => customerDisconnected(ctx, chat));
  return OK;
}

export function customerConnectedCommand(ctx: EngineContext, cmd: CommandOf<'customer.connected'>): DispatchResult {
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}; start a new chat`);
  if (chat.customerAwaySince === null) return OK;
  ctx.transact(() => customerConnected(ctx, chat));
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const presenceHandlers = {
  'agent.disconnected': agentDisconnectedCommand,
  'agent.connected': agentConnectedCommand,
  'customer.disconnected': customerDisconnectedCommand,
  'customer.connected': customerConnectedCommand,
} satisfies Partial<Handlers>;
