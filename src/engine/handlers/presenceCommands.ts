import type { CommandOf } from '../../model/commands';
import type { EngineCore } from '../EngineCore';
import { OK, q, refuse } from '../errors';
import { agentConnected, agentDisconnected, customerConnected, customerDisconnected } from '../presence';
import { agentStateOf } from '../runtime';
import type { DispatchResult } from '../../model/results';
import { findAgent, findLiveChat, isRefusal } from './lookup';

/*
 * Presence commands come from the host's transport (a WebSocket closing and opening), which repeats itself: each is
 * idempotent, and a repeat (or a disconnect of a logged-out agent, whose connection the engine does not track) is
 * accepted and changes nothing, so it is neither journaled nor evented.
 */

export function agentDisconnectedCommand(core: EngineCore, cmd: CommandOf<'agent.disconnected'>): DispatchResult {
  const agent = findAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agent.presence !== null || agentStateOf(agent.actor.getSnapshot().value) === 'offline') return OK;
  core.transact(() => agentDisconnected(core, agent));
  return OK;
}

export function agentConnectedCommand(core: EngineCore, cmd: CommandOf<'agent.connected'>): DispatchResult {
  const agent = findAgent(core, cmd.agentId);
  if (isRefusal(agent)) return agent;
  if (agent.presence === null) return OK;
  core.transact(() => agentConnected(core, agent));
  return OK;
}

export function customerDisconnectedCommand(core: EngineCore, cmd: CommandOf<'customer.disconnected'>): DispatchResult {
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}`);
  if (chat.customerAwaySince !== null) return OK;
  core.transact(() => customerDisconnected(core, chat));
  return OK;
}

export function customerConnectedCommand(core: EngineCore, cmd: CommandOf<'customer.connected'>): DispatchResult {
  const chat = findLiveChat(core, cmd.chatId);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().value === 'closing') return refuse('invalid-state', `the customer already left chat ${q(cmd.chatId)}; start a new chat`);
  if (chat.customerAwaySince === null) return OK;
  core.transact(() => customerConnected(core, chat));
  return OK;
}
