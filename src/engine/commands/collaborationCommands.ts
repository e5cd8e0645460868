import type { CommandOf, TransferTarget } from '../../model/commands';
import type { AssistanceRequest } from '../../model/chat';
import { type DispatchResult, OK, type Refusal, isRefusal, q, refuse } from '../../model/results';
import { type ChatRecord, type EngineContext, type NormalizedQueue } from '../ports';
import { findAgent, findOwnChat } from '../views/lookup';
import { isParticipant } from '../../machines/chat/rules';
import { sendToChat } from './sendToChat';
import type { Handlers } from './handlers';

/** The queue a target names (its own, or the chat's for a person), or why the target is not acceptable. */
function checkTarget(ctx: EngineContext, chat: ChatRecord, by: string, target: TransferTarget, verb: string): NormalizedQueue | Refusal {
  const context = chat.actor.getSnapshot().context;
  if ('queueId' in target) {
    return ctx.queues.get(target.queueId) ?? refuse('not-found', `no queue ${q(target.queueId)} to ${verb}`);
  }
  if (target.agentId === by) return refuse('invalid-command', `an agent cannot ${verb} themselves`);
  const agent = findAgent(ctx, target.agentId);
  if (isRefusal(agent)) return agent;
  if (isParticipant(context, target.agentId)) {
    return refuse('invalid-state', `agent ${q(target.agentId)} already participates in chat ${q(chat.id)}`);
  }
  return ctx.queues.get(context.queueId) as NormalizedQueue;
}

/**
 * Invites another agent (or whoever a queue's strategy picks) to join: the invitation waits for an eligible
 * agent and goes through the offer cycle; on accept, both chat with the customer. One invitation at a time.
 */
export function invite(ctx: EngineContext, cmd: CommandOf<'chat.invite'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, false);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().context.invitation !== null) {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} already has a pending invitation; cancel it first (chat.cancelInvite)`);
  }
  const policy = checkTarget(ctx, chat, cmd.agentId, cmd.target, 'invite');
  if (isRefusal(policy)) return policy;
  const at = ctx.clock.now();
  ctx.transact(() =>
    ctx.sendChat(chat, {
      type: 'INVITE',
      invitation: {
        id: ctx.newId('invitation'),
        by: cmd.agentId,
        target: Object.freeze({ ...cmd.target }),
        requestedAt: at,
        policyQueueId: policy.id,
        ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}),
      },
    }),
  );
  return OK;
}

export function cancelInvite(ctx: EngineContext, cmd: CommandOf<'chat.cancelInvite'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, false);
  if (isRefusal(chat)) return chat;
  if (chat.actor.getSnapshot().context.invitation === null) return refuse('invalid-state', `chat ${q(cmd.chatId)} has no pending invitation`);
  return sendToChat(ctx, chat, { type: 'CANCEL_INVITE', agentId: cmd.agentId, at: ctx.clock.now() });
}

/**
 * Hands the chat over: the agent's participation ends at once, and the chat waits for the target agent (offered
 * when they can take it, and in their waiting activities meanwhile) or in the target queue, keeping its place.
 */
export function transfer(ctx: EngineContext, cmd: CommandOf<'chat.transfer'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, false);
  if (isRefusal(chat)) return chat;
  const others = chat.actor.getSnapshot().context.participants.filter((p) => p.agentId !== cmd.agentId);
  if (chat.hold !== null) return refuse('invalid-state', `chat ${q(cmd.chatId)} is on hold; resume it first (chat.resume), then transfer`);
  if (others.length > 0) {
    return refuse('invalid-state', `chat ${q(cmd.chatId)} has other participants (${others.map((p) => q(p.agentId)).join(', ')}); leave it to them (chat.close) instead of transferring`);
  }
  const queue = checkTarget(ctx, chat, cmd.agentId, cmd.target, 'transfer to');
  if (isRefusal(queue)) return queue;
  const at = ctx.clock.now();
  return sendToChat(ctx, chat, {
    type: 'TRANSFER',
    agentId: cmd.agentId,
    target: Object.freeze({ ...cmd.target }),
    queueId: queue.id,
    at,
    ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}),
  });
}

export function requestAssistance(ctx: EngineContext, cmd: CommandOf<'chat.requestAssistance'>): DispatchResult {
  const chat = findOwnChat(ctx, cmd.agentId, cmd.chatId, true);
  if (isRefusal(chat)) return chat;
  if (chat.assistanceId !== null) return refuse('invalid-state', `chat ${q(cmd.chatId)} already has an open assistance request`);
  const request: AssistanceRequest = Object.freeze({
    id: ctx.newId('assistance'),
    chatId: chat.id,
    queueId: chat.actor.getSnapshot().context.queueId,
    agentId: cmd.agentId,
    ...(cmd.note !== undefined ? { note: cmd.note } : {}),
    requestedAt: ctx.clock.now(),
  });
  ctx.transact(() => {
    ctx.openAssistance(request);
    chat.assistanceId = request.id;
    ctx.emit({ type: 'assistance.requested', request });
    ctx.touchChat(chat);
    ctx.touchSupervisors(request.queueId);
  });
  return OK;
}

/** A supervisor of the request's queue (or the agent who asked) resolves it. */
export function resolveAssistance(ctx: EngineContext, cmd: CommandOf<'assistance.resolve'>): DispatchResult {
  const agent = findAgent(ctx, cmd.agentId);
  if (isRefusal(agent)) return agent;
  const request = ctx.assistance.get(cmd.requestId);
  if (request === undefined) return refuse('not-found', `no open assistance request ${q(cmd.requestId)}`);
  if (request.agentId !== cmd.agentId && !agent.config.supervises.has(request.queueId)) {
    return refuse('forbidden', `agent ${q(cmd.agentId)} does not supervise queue ${q(request.queueId)}`);
  }
  ctx.transact(() => {
    ctx.closeAssistance(request.id);
    const chat = ctx.chats.get(request.chatId);
    if (chat !== undefined) {
      chat.assistanceId = null;
      ctx.touchChat(chat);
    }
    ctx.emit({ type: 'assistance.resolved', requestId: request.id, chatId: request.chatId, agentId: cmd.agentId, reason: 'resolved' });
    ctx.touchSupervisors(request.queueId);
  });
  return OK;
}

/** The handlers of this file, by command type (merged in `index.ts`). */
export const collaborationHandlers = {
  'chat.invite': invite,
  'chat.cancelInvite': cancelInvite,
  'chat.transfer': transfer,
  'chat.requestAssistance': requestAssistance,
  'assistance.resolve': resolveAssistance,
} satisfies Partial<Handlers>;
