import type { ChatContext, ChatFact, InvitationRecord } from '../../machines/chat/types';
import * as inactivity from '../chats/inactivity';
import * as reminders from '../chats/reminders';
import * as policyEffects from '../policies/policyEffects';
import type { ChatRecord, EngineContext, NormalizedQueue } from '../ports';
import { clearCustomerAway } from '../presence/presence';
import { endChatRecord } from './endChat';
import { offerCreated, offerEnded } from './offerFacts';
import { tallyJoined, tallyLeft, tallyQueue } from './tally';

/**
 * Turns one fact emitted by a chat actor into public events, the agents' side of the story (slots taken and
 * freed, pauses) and the router's (tasks added and removed). The only place where a chat's change reaches
 * agents, in fact order.
 */
export function handleFact(ctx: EngineContext, chat: ChatRecord, fact: ChatFact): void {
  const context = chat.actor.getSnapshot().context;
  const queue = ctx.queues.get(context.queueId) as NormalizedQueue;
  const now = ctx.clock.now();
  ctx.touchChat(chat);
  handle(ctx, chat, fact, context, queue, now);
  // The offer deadline lives as long as some offer is pending (all offers of a batch share it).
  if (chat.offerTimer !== null && chat.actor.getSnapshot().context.offers.length === 0) {
    ctx.cancelLater(chat.offerTimer);
    chat.offerTimer = null;
  }
}

function handle(ctx: EngineContext, chat: ChatRecord, fact: ChatFact, context: ChatContext, queue: NormalizedQueue, now: number): void {
  switch (fact.type) {
    case 'queued': {
      ctx.setOffered(queue.id, chat, false);
      ctx.router.addTask(chat.task);
      if (chat.task.queueId !== null) tallyQueue(chat, queue.id);
      if (fact.reason === 'started' || fact.reason === 'overflowed' || (fact.reason === 'transferred' && chat.task.queueId !== null)) {
        chat.waitStartedAt = now;
        ctx.record.offered(queue.id, now);
      }
      policyEffects.chatQueued(ctx, chat, queue, fact.reason);
      ctx.emit({ type: 'chat.queued', chatId: chat.id, queueId: queue.id, reason: fact.reason, priority: chat.task.priority, enqueuedAt: chat.task.enqueuedAt });
      return;
    }
    case 'moved':
      policyEffects.chatMoved(ctx, chat, fact.fromQueueId, fact.reason);
      return;
    case 'offerCreated':
      offerCreated(ctx, chat, fact.offer);
      return;
    case 'offerEnded':
      offerEnded(ctx, chat, fact.offer, fact);
      return;
    case 'assigned': {
      ctx.setOffered(queue.id, chat, false);
      const fromQueue = chat.task.queueId !== null;
      ctx.router.removeTask(chat.task);
      policyEffects.chatStoppedWaiting(ctx, chat, fact.agentId);
      chat.assignedAt = now;
      if (fromQueue) {
        const wait = now - chat.waitStartedAt;
        ctx.record.answered(queue.id, wait, wait <= queue.serviceLevelMs, now);
      }
      ctx.emit({ type: 'chat.assigned', chatId: chat.id, agentId: fact.agentId, via: fact.via });
      tallyJoined(chat, fact.agentId, fact.via, now);
      if (fact.via === 'pick') ctx.changeSlots(fact.agentId, { type: 'chatJoined', chatId: chat.id, at: now });
      // The customer sees who took the chat (first assignment and after every transfer), like later joins.
      ctx.addNotice(chat, { type: 'joined', agentId: fact.agentId }, `${ctx.agentName(fact.agentId)} joined the chat`);
      reminders.chatActivated(ctx, chat);
      inactivity.restart(ctx, chat);
      return;
    }
    case 'participantJoined':
      ctx.emit({ type: 'participant.joined', chatId: chat.id, agentId: fact.agentId, via: fact.via });
      tallyJoined(chat, fact.agentId, fact.via, now);
      // An invited agent's offer became the slot; one who picked or barged takes a new one.
      if (fact.via !== 'invite') ctx.changeSlots(fact.agentId, { type: 'chatJoined', chatId: chat.id, at: now });
      ctx.addNotice(chat, { type: 'joined', agentId: fact.agentId }, `${ctx.agentName(fact.agentId)} joined the chat`);
      return;
    case 'participantLeft':
      // A pending invitation is never offered to someone in the chat, and may be offered to someone who left it.
      if (chat.inviteTask !== null) {
        (chat.inviteTask.exclude as Set<string> | null)?.delete(fact.agentId);
        ctx.router.touch(chat.inviteTask.id);
      }
      ctx.emit({ type: 'participant.left', chatId: chat.id, agentId: fact.agentId, reason: fact.reason });
      tallyLeft(chat, fact.agentId, now);
      ctx.changeSlots(fact.agentId, { type: 'chatLeft', chatId: chat.id, at: now });
      if (fact.reason === 'closed') policyEffects.agentLeftClosedChat(ctx, fact.agentId, chat.id, queue);
      if (chat.readUpTo !== null) chat.readUpTo = chat.readUpTo.filter(([agentId]) => agentId !== fact.agentId);
      if (fact.reason === 'closed') ctx.addNotice(chat, { type: 'left', agentId: fact.agentId }, `${ctx.agentName(fact.agentId)} left the chat`);
      if (chat.hold?.by === fact.agentId) holderLeft(ctx, chat, now);
      return;
    case 'ownerChanged':
      ctx.emit({ type: 'chat.ownerChanged', chatId: chat.id, owner: fact.owner, previous: fact.previous });
      return;
    case 'transferred': {
      chat.task = ctx.newTask(chat, 'chat', 'agentId' in fact.target ? fact.target : { queueId: context.queueId }, chat.task.enqueuedAt, null);
      reminders.chatDeactivated(ctx, chat);
      inactivity.stop(ctx, chat);
      chat.tally.transfers++;
      ctx.emit({ type: 'chat.transferred', chatId: chat.id, agentId: fact.agentId, target: fact.target, queueId: context.queueId });
      const where = 'agentId' in fact.target ? ctx.agentName(fact.target.agentId) : (ctx.queues.get(fact.target.queueId)?.name ?? fact.target.queueId);
      ctx.addNotice(chat, { type: 'transferred', by: fact.agentId, target: fact.target }, `${ctx.agentName(fact.agentId)} transferred the chat to ${where}`);
      return;
    }
    case 'invited':
      chat.inviteTask = ctx.newTask(chat, 'invite', fact.invitation.target, fact.invitation.requestedAt, new Set(context.participants.map((p) => p.agentId)));
      ctx.router.addTask(chat.inviteTask);
      chat.tally.invitations++;
      ctx.emit({ type: 'chat.invited', chatId: chat.id, agentId: fact.invitation.by, invitationId: fact.invitation.id, target: fact.invitation.target });
      touchTarget(ctx, fact.invitation);
      return;
    case 'invitationWaiting':
      if (chat.inviteTask !== null) ctx.router.addTask(chat.inviteTask);
      touchTarget(ctx, fact.invitation);
      return;
    case 'invitationEnded':
      if (chat.inviteTask !== null) ctx.router.removeTask(chat.inviteTask);
      chat.inviteTask = null;
      ctx.emit({ type: 'invitation.ended', chatId: chat.id, invitationId: fact.invitation.id, reason: fact.reason });
      touchTarget(ctx, fact.invitation);
      return;
    case 'importantChanged':
      ctx.emit({ type: 'chat.importantChanged', chatId: chat.id, agentId: fact.agentId, important: fact.important });
      return;
    case 'customerLeft':
      clearCustomerAway(ctx, chat);
      reminders.chatDeactivated(ctx, chat);
      inactivity.stop(ctx, chat);
      ctx.emit({ type: 'customer.left', chatId: chat.id });
      return;
    case 'statusSet':
      ctx.emit({ type: 'chat.statusSet', chatId: chat.id, agentId: fact.agentId, status: fact.status });
      return;
    case 'closed':
      if (chat.assignedAt !== null) ctx.record.closed(queue.id, now - chat.assignedAt, now);
      reminders.chatDeactivated(ctx, chat);
      inactivity.stop(ctx, chat);
      chat.hold = null;
      ctx.emit({ type: 'chat.closed', chatId: chat.id, agentId: fact.agentId, status: fact.status, ...(fact.reason !== undefined ? { reason: fact.reason } : {}) });
      for (const p of context.participants) tallyLeft(chat, p.agentId, now);
      for (const p of context.participants) ctx.changeSlots(p.agentId, { type: 'chatLeft', chatId: chat.id, at: now });
      for (const p of context.participants) policyEffects.agentLeftClosedChat(ctx, p.agentId, chat.id, queue);
      endChatRecord(ctx, chat);
      return;
    case 'abandoned':
      ctx.setOffered(queue.id, chat, false);
      if (chat.task.queueId !== null) {
        const waited = (context.endedAt ?? now) - chat.waitStartedAt;
        ctx.record.abandoned(queue.id, waited, waited <= queue.shortAbandonMs, now);
      }
      ctx.router.removeTask(chat.task);
      policyEffects.chatStoppedWaiting(ctx, chat);
      ctx.emit({ type: 'chat.abandoned', chatId: chat.id, queueId: queue.id, waitedMs: (context.endedAt ?? now) - chat.waitStartedAt, ...(context.abandonReason ? { reason: context.abandonReason } : {}) });
      endChatRecord(ctx, chat);
      return;
  }
}

/**
 * The holder's part in a held chat ended while the chat goes on (transferred by the presence policy, or left to the
 * others): the hold ends with it; the freed slot went with the chat (`chatLeft`).
 */
function holderLeft(ctx: EngineContext, chat: ChatRecord, now: number): void {
  const hold = chat.hold as NonNullable<ChatRecord['hold']>;
  chat.hold = null;
  ctx.emit({ type: 'chat.resumed', chatId: chat.id, agentId: hold.by, heldMs: now - hold.since, reason: 'holder-left' });
  inactivity.restart(ctx, chat);
}

/** An invitation addressed to one agent shows in their waiting activities (a queue's shows through its chat). */
function touchTarget(ctx: EngineContext, invitation: InvitationRecord): void {
  if ('agentId' in invitation.target) ctx.touchAgent(invitation.target.agentId);
}

