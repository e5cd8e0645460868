import { isRefusal, q, refuse, type Refusal } from '../../model/results';
import { agentStateOf, chatStateOf, type AgentRecord, type ChatRecord, type EngineState } from '../ports';
import { isParticipant } from '../../machines/chat/rules';

/*
 * Finding what a command or a query names, or why it cannot be acted on: shared by the handlers and the queries so
 * each refusal is worded once.
 */

export function findAgent(ctx: EngineState, agentId: string): AgentRecord | Refusal {
  return ctx.agents.get(agentId) ?? refuse('not-found', `no agent ${q(agentId)}; agents are configured in createEngine({ agents })`);
}

/** A live chat, or why it cannot be acted on (unknown, or already closed or abandoned). */
export function findLiveChat(ctx: EngineState, chatId: string): ChatRecord | Refusal {
  const chat = ctx.chats.get(chatId);
  if (chat !== undefined) return chat;
  const finished = ctx.finished.get(chatId);
  if (finished !== undefined) return refuse('invalid-state', `chat ${q(chatId)} is ${finished.view.state}; nothing more can happen to it`);
  return refuse('not-found', `no chat ${q(chatId)}`);
}

export function findOnlineAgent(ctx: EngineState, agentId: string): AgentRecord | Refusal {
  const agent = findAgent(ctx, agentId);
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
export function findOwnChat(ctx: EngineState, agentId: string, chatId: string, allowClosing: boolean): ChatRecord | Refusal {
  const agent = findAgent(ctx, agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(ctx, chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  if (!isParticipant(context, agentId)) {
    return refuse('forbidden', `agent ${q(agentId)} is not a participant of chat ${q(chatId)}`);
  }
  const state = chatStateOf(value);
  if (state === 'closing' && !allowClosing) return refuse('invalid-state', `the customer left chat ${q(chatId)}; only setting a status and closing remain`);
  if (state !== 'active' && state !== 'closing') return refuse('invalid-state', `chat ${q(chatId)} is ${state}; it must be active`);
  return chat;
}
