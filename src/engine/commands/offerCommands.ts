import type { CommandOf } from '../../model/commands';
import * as policyEffects from '../policies/policyEffects';
import { type DispatchResult, OK, type Refusal, isRefusal, q, refuse } from '../../model/results';
import { type AgentRecord, type ChatRecord, type EngineContext, chatStateOf, slotsUsed } from '../ports';
import { findAgent, findLiveChat, findOnlineAgent } from '../views/lookup';
import { holdsOffer, isParticipant } from '../../machines/chat/rules';
import { sendToChat } from './sendToChat';
import type { Handlers } from './handlers';

/** The chat holding this agent's pending offer (a route, transfer or invitation offer), or why not. */
function findOwnOffer(ctx: EngineContext, cmd: CommandOf<'offer.accept' | 'offer.reject'>): ChatRecord | Refusal {
  const agent = findAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  if (context.offers.length === 0) {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${chatStateOf(value)} with no pending offer; only a pending offer can be answered`);
  }
  if (!holdsOffer(context, cmd.agentId)) {
    return refuse('forbidden', `chat ${q(cmd.chatId)} is not offered to agent ${q(cmd.agentId)}; an agent answers only their own offers`);
  }
  return chat;
}

export function accept(ctx: EngineContext, cmd: CommandOf<'offer.accept'>): DispatchResult {
  const chat = findOwnOffer(ctx, cmd);
  if (isRefusal(chat)) return chat;
  return sendToChat(ctx, chat, { type: 'ACCEPT', agentId: cmd.agentId, at: ctx.clock.now() });
}

export function reject(ctx: EngineContext, cmd: CommandOf<'offer.reject'>): DispatchResult {
  const chat = findOwnOffer(ctx, cmd);
  if (isRefusal(chat)) return chat;
  return sendToChat(ctx, chat, { type: 'REJECT', agentId: cmd.agentId, at: ctx.clock.now() });
}

/** Whether an agent may pick what waits: by queue membership, or because it is addressed to them. */
function mayPick(agent: AgentRecord, queueId: string | null, reservedFor: string | null): boolean {
  return reservedFor === agent.config.id || (queueId !== null && agent.memberQueues.has(queueId));
}

export function capacityRefusal(agent: AgentRecord): Refusal | undefined {
  const used = slotsUsed(agent);
  if (used < agent.config.capacity) return undefined;
  return refuse(
    'capacity-exceeded',
    `agent ${q(agent.config.id)} uses ${used} of ${agent.config.capacity} slots (${agent.chats.length} chats, ${agent.offers.length} offers); close a chat or answer the offer first`,
  );
}

/**
 * Picks from the waiting activities: a queued chat (or one offered to a colleague, whose offer is withdrawn), or a
 * waiting invitation (joining the chat). Picking what is offered to yourself accepts it.
 */
export function pick(ctx: EngineContext, cmd: CommandOf<'chat.pick'>): DispatchResult {
  const agent = findOnlineAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const chat = findLiveChat(ctx, cmd.chatId);
  if (isRefusal(chat)) return chat;
  const { value, context } = chat.actor.getSnapshot();
  const state = chatStateOf(value);
  const at = ctx.clock.now();
  if (state === 'queued' || state === 'offered') {
    if (!mayPick(agent, context.queueId, context.reservedFor)) {
      return refuse('forbidden', `agent ${q(cmd.agentId)} is not a member of queue ${q(context.queueId)}, so cannot pick its chats`);
    }
    const unskilled = policyEffects.skillRefusal(ctx, agent, chat);
    if (unskilled !== undefined) return unskilled;
  } else if (state === 'active' && context.invitation !== null) {
    const target = context.invitation.target;
    if (isParticipant(context, cmd.agentId)) {
      return refuse('invalid-state', `agent ${q(cmd.agentId)} already participates in chat ${q(cmd.chatId)}`);
    }
    if (!mayPick(agent, 'queueId' in target ? target.queueId : null, 'agentId' in target ? target.agentId : null)) {
      return refuse('forbidden', `the invitation to chat ${q(cmd.chatId)} is not for agent ${q(cmd.agentId)} or their queues`);
    }
  } else {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} is ${state}${state === 'active' ? ' with no pending invitation' : ''}; only waiting chats and invitations can be picked`);
  }
  if (holdsOffer(context, cmd.agentId)) {
    // Picking what is offered to yourself is accepting it: the slot is already reserved.
    return sendToChat(ctx, chat, { type: 'ACCEPT', agentId: cmd.agentId, at });
  }
  const full = capacityRefusal(agent);
  if (full !== undefined) return full;
  return sendToChat(ctx, chat, { type: 'PICK', agentId: cmd.agentId, at });
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const offerHandlers = {
  'offer.accept': accept,
  'offer.reject': reject,
  'chat.pick': pick,
} satisfies Partial<Handlers>;
