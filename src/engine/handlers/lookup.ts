import type { EngineCore } from '../EngineCore';
import { q, refuse } from '../errors';
import { agentStateOf, chatStateOf, type AgentRuntime, type ChatRuntime } from '../runtime';
import type { CommandError } from '../../model/results';

export type Refusal = { readonly ok: false; readonly error: CommandError };

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

export function findAgent(core: EngineCore, agentId: string): AgentRuntime | Refusal {
  return core.agents.get(agentId) ?? refuse('not-found', `no agent ${q(agentId)}; agents are configured in createEngine({ agents })`);
}

/** A live chat, or why it cannot be acted on (unknown, or already closed or abandoned). */
export function findLiveChat(core: EngineCore, chatId: string): ChatRuntime | Refusal {
  const chat = core.chats.get(chatId);
  if (chat !== undefined) return chat;
  const finished = core.finished.get(chatId);
  if (finished !== undefined) return refuse('invalid-state', `chat ${q(chatId)} is ${finished.view.state}; nothing more can happen to it`);
  return refuse('not-found', `no chat ${q(chatId)}`);
}

export function findOnlineAgent(core: EngineCore, agentId: string): AgentRuntime | Refusal {
  const agent = findAgent(core, agentId);
  if (isRefusal(agent)) return agent;
  if (agentStateOf(agent.actor.getSnapshot().value) === 'offline') {
    return refuse('invalid-state', `agent ${q(agentId)} is offline; log in first (agent.login)`);
  }
  return agent;
}

/**
 * The chat, if the agent participates in it and it is open: `active`, or `closing` after the customer left when
 * `allowClosing`. Participation is checked first: outsiders learn nothing about the chat's state.
 */
export function findOwnChat(core: EngineCore, agentId: string, chatId: string, allowClosing: boolean): ChatRuntime | Refusal {
  const agent = findAgent(core, agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(core, chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  if (!context.participants.some((p) => p.agentId === agentId)) {
    return refuse('forbidden', `agent ${q(agentId)} is not a participant of chat ${q(chatId)}`);
  }
  const state = chatStateOf(value);
  if (state === 'closing' && !allowClosing) return refuse('invalid-state', `the customer left chat ${q(chatId)}; only setting a status and closing remain`);
  if (state !== 'active' && state !== 'closing') return refuse('invalid-state', `chat ${q(chatId)} is ${state}; it must be active`);
  return chat;
}
