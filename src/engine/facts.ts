import type { ChatContext, ChatFact, InvitationRecord, OfferRecord } from '../machines/chat/types';
import type { NormalizedQueue } from './config';
import type { EngineCore } from './EngineCore';
import type { ChatRuntime } from './runtime';
import { clearCustomerAway } from './presence';
import * as policyEffects from './policyEffects';
import * as reminders from './reminders';
import { StatKind } from './statistics';
import { buildChatView, offerView, queueRef } from './views';

/**
 * Turns one fact emitted by a chat actor into public events, the agents' side of the story (slots taken and
 * freed, pauses) and the router's (tasks added and removed). The only place where a chat's change reaches
 * agents, in fact order.
 */
export function handleFact(core: EngineCore, chat: ChatRuntime, fact: ChatFact): void {
  const context = chat.actor.getSnapshot().context;
  const queue = core.queues.get(context.queueId) as NormalizedQueue;
  const now = core.clock.now();
  core.desk.touchChat(chat);
  handle(core, chat, fact, context, queue, now);
  // The offer deadline lives as long as some offer is pending (all offers of a batch share it).
  if (chat.offerTimer !== undefined && chat.actor.getSnapshot().context.offers.length === 0) {
    core.cancelLater(chat.offerTimer);
    chat.offerTimer = undefined;
  }
}

function handle(core: EngineCore, chat: ChatRuntime, fact: ChatFact, context: ChatContext, queue: NormalizedQueue, now: number): void {
  switch (fact.type) {
    case 'queued': {
      core.desk.touchQueue(queue.id);
      core.offeredByQueue.get(queue.id)?.delete(chat);
      core.router.addTask(chat.task);
      if (fact.reason === 'started' || fact.reason === 'overflowed' || (fact.reason === 'transferred' && chat.task.queueId !== null)) {
        chat.waitStartedAt = now;
        (core.counters.get(queue.id) as { offered: number }).offered++;
        core.statistics.record(queue.id, StatKind.Offered, 0, now);
      }
      policyEffects.chatQueued(core, chat, queue, fact.reason);
      core.emit({ type: 'chat.queued', chatId: chat.id, queueId: queue.id, reason: fact.reason, priority: chat.task.priority, enqueuedAt: chat.task.enqueuedAt });
      return;
    }
    case 'moved':
      policyEffects.chatMoved(core, chat, fact.fromQueueId, fact.reason);
      return;
    case 'offerCreated':
      offerCreated(core, chat, fact.offer);
      return;
    case 'offerEnded':
      offerEnded(core, chat, fact.offer, fact);
      return;
    case 'assigned': {
      core.desk.touchQueue(queue.id);
      core.offeredByQueue.get(queue.id)?.delete(chat);
      const fromQueue = chat.task.queueId !== null;
      core.router.removeTask(chat.task);
      policyEffects.chatStoppedWaiting(core, chat, fact.agentId);
      chat.assignedAt = now;
      if (fromQueue) {
        const counters = core.counters.get(queue.id) as { answered: number; answeredWithinSl: number; waitAnsweredMs: number };
        counters.answered++;
        if (now - chat.waitStartedAt <= queue.serviceLevelMs) counters.answeredWithinSl++;
        counters.waitAnsweredMs += now - chat.waitStartedAt;
        core.statistics.record(queue.id, StatKind.Answered, now - chat.waitStartedAt, now);
      }
      core.emit({ type: 'chat.assigned', chatId: chat.id, agentId: fact.agentId, via: fact.via });
      if (fact.via === 'pick') core.changeSlots(fact.agentId, { type: 'chatJoined', chatId: chat.id, at: now });
      // The customer sees who took the chat (first assignment and after every transfer), like later joins.
      core.addNotice(chat, { type: 'joined', agentId: fact.agentId }, `${core.agentName(fact.agentId)} joined the chat`);
      reminders.chatActivated(core, chat);
      return;
    }
    case 'participantJoined':
      core.emit({ type: 'participant.joined', chatId: chat.id, agentId: fact.agentId, via: fact.via });
      // An invited agent's offer became the slot; one who picked or barged takes a new one.
      if (fact.via !== 'invite') core.changeSlots(fact.agentId, { type: 'chatJoined', chatId: chat.id, at: now });
      core.addNotice(chat, { type: 'joined', agentId: fact.agentId }, `${core.agentName(fact.agentId)} joined the chat`);
      return;
    case 'participantLeft':
      // A pending invitation is never offered to someone in the chat, and may be offered to someone who left it.
      if (chat.inviteTask !== null) {
        (chat.inviteTask.exclude as Set<string> | null)?.delete(fact.agentId);
        core.router.touch(chat.inviteTask.id);
      }
      core.emit({ type: 'participant.left', chatId: chat.id, agentId: fact.agentId, reason: fact.reason });
      core.changeSlots(fact.agentId, { type: 'chatLeft', chatId: chat.id, at: now });
      if (fact.reason === 'closed') policyEffects.agentLeftClosedChat(core, fact.agentId, chat.id, queue);
      chat.readUpTo?.delete(fact.agentId);
      if (fact.reason === 'closed') core.addNotice(chat, { type: 'left', agentId: fact.agentId }, `${core.agentName(fact.agentId)} left the chat`);
      return;
    case 'ownerChanged':
      core.emit({ type: 'chat.ownerChanged', chatId: chat.id, owner: fact.owner, previous: fact.previous });
      return;
    case 'transferred': {
      chat.task = core.newTask(chat, 'chat', 'agentId' in fact.target ? fact.target : { queueId: context.queueId }, chat.task.enqueuedAt, null);
      reminders.chatDeactivated(core, chat);
      core.emit({ type: 'chat.transferred', chatId: chat.id, agentId: fact.agentId, target: fact.target, queueId: context.queueId });
      const where = 'agentId' in fact.target ? core.agentName(fact.target.agentId) : (core.queues.get(fact.target.queueId)?.name ?? fact.target.queueId);
      core.addNotice(chat, { type: 'transferred', by: fact.agentId, target: fact.target }, `${core.agentName(fact.agentId)} transferred the chat to ${where}`);
      return;
    }
    case 'invited':
      chat.inviteTask = core.newTask(chat, 'invite', fact.invitation.target, fact.invitation.requestedAt, new Set(context.participants.map((p) => p.agentId)));
      core.router.addTask(chat.inviteTask);
      core.emit({ type: 'chat.invited', chatId: chat.id, agentId: fact.invitation.by, invitationId: fact.invitation.id, target: fact.invitation.target });
      touchTarget(core, fact.invitation);
      return;
    case 'invitationWaiting':
      if (chat.inviteTask !== null) core.router.addTask(chat.inviteTask);
      touchTarget(core, fact.invitation);
      return;
    case 'invitationEnded':
      if (chat.inviteTask !== null) core.router.removeTask(chat.inviteTask);
      chat.inviteTask = null;
      core.emit({ type: 'invitation.ended', chatId: chat.id, invitationId: fact.invitation.id, reason: fact.reason });
      touchTarget(core, fact.invitation);
      return;
    case 'importantChanged':
      core.emit({ type: 'chat.importantChanged', chatId: chat.id, agentId: fact.agentId, important: fact.important });
      return;
    case 'customerLeft':
      clearCustomerAway(core, chat);
      reminders.chatDeactivated(core, chat);
      core.emit({ type: 'customer.left', chatId: chat.id });
      return;
    case 'statusSet':
      core.emit({ type: 'chat.statusSet', chatId: chat.id, agentId: fact.agentId, status: fact.status });
      return;
    case 'closed':
      if (chat.assignedAt !== null) {
        const counters = core.counters.get(queue.id) as { closed: number; handleMs: number };
        counters.closed++;
        counters.handleMs += now - chat.assignedAt;
        core.statistics.record(queue.id, StatKind.Closed, now - chat.assignedAt, now);
      }
      reminders.chatDeactivated(core, chat);
      core.emit({ type: 'chat.closed', chatId: chat.id, agentId: fact.agentId, status: fact.status });
      for (const p of context.participants) core.changeSlots(p.agentId, { type: 'chatLeft', chatId: chat.id, at: now });
      for (const p of context.participants) policyEffects.agentLeftClosedChat(core, p.agentId, chat.id, queue);
      endChatRecord(core, chat);
      return;
    case 'abandoned':
      core.desk.touchQueue(queue.id);
      core.offeredByQueue.get(queue.id)?.delete(chat);
      if (chat.task.queueId !== null) {
        const counters = core.counters.get(queue.id) as { abandoned: number; shortAbandoned: number };
        const waited = (context.endedAt ?? now) - chat.waitStartedAt;
        counters.abandoned++;
        if (waited <= queue.shortAbandonMs) counters.shortAbandoned++;
        core.statistics.record(queue.id, StatKind.Abandoned, waited, now);
      }
      core.router.removeTask(chat.task);
      policyEffects.chatStoppedWaiting(core, chat);
      core.emit({ type: 'chat.abandoned', chatId: chat.id, queueId: queue.id, waitedMs: (context.endedAt ?? now) - chat.waitStartedAt, ...(context.abandonReason ? { reason: context.abandonReason } : {}) });
      endChatRecord(core, chat);
      return;
  }
}

function touchTarget(core: EngineCore, invitation: InvitationRecord): void {
  if ('agentId' in invitation.target) core.desk.touchAgent(invitation.target.agentId);
  else core.desk.touchQueue(invitation.target.queueId);
}

function offerCreated(core: EngineCore, chat: ChatRuntime, record: OfferRecord): void {
  const context = chat.actor.getSnapshot().context;
  if (chat.offerTimer === undefined) {
    chat.offerTimer = core.later(record.expiresAt - core.clock.now(), { kind: 'offer', chatId: chat.id });
  }
  if (record.kind !== 'invite') {
    core.offeredByQueue.get(context.queueId)?.add(chat);
    core.desk.touchQueue(context.queueId);
  }
  const queue = core.queues.get(record.kind === 'invite' ? record.policyQueueId : context.queueId) as NormalizedQueue;
  const from = record.kind === 'invite' ? context.invitation?.by : record.kind === 'transfer' ? context.transfer?.by : undefined;
  const offer = offerView(chat.id, record);
  core.emit({
    type: 'offer.created',
    offer,
    chatId: chat.id,
    agentId: offer.agentId,
    notification: Object.freeze({
      customer: chat.customer,
      queue: queueRef(core, queue.id),
      enqueuedAt: chat.task.enqueuedAt,
      offeredAt: offer.offeredAt,
      expiresAt: offer.expiresAt,
      kind: record.kind,
      ...(from !== undefined ? { from: Object.freeze({ agentId: from, name: core.agentName(from) }) } : {}),
    }),
  });
  core.changeSlots(offer.agentId, { type: 'offerReceived', chatId: chat.id });
}

function offerEnded(core: EngineCore, chat: ChatRuntime, offer: OfferRecord, fact: Extract<ChatFact, { type: 'offerEnded' }>): void {
  const ids = { offerId: offer.id, chatId: chat.id, agentId: offer.agentId };
  const now = core.clock.now();
  const policy = core.queues.get(offer.policyQueueId) as NormalizedQueue;
  if (offer.kind !== 'invite') core.desk.touchQueue(chat.actor.getSnapshot().context.queueId);
  switch (fact.outcome) {
    case 'accepted':
      core.emit({ type: 'offer.accepted', ...ids });
      core.changeSlots(offer.agentId, { type: 'offerAccepted', chatId: chat.id, at: now });
      policyEffects.offerAnswered(core, offer.agentId);
      return;
    case 'withdrawn':
      core.emit({ type: 'offer.withdrawn', ...ids, reason: fact.reason ?? 'accepted-elsewhere' });
      core.changeSlots(offer.agentId, { type: 'offerEnded', chatId: chat.id });
      return;
    case 'rejected':
    case 'expired': {
      core.emit({ type: fact.outcome === 'rejected' ? 'offer.rejected' : 'offer.expired', ...ids });
      core.changeSlots(offer.agentId, { type: 'offerEnded', chatId: chat.id });
      // A reject is an answer (the run of misses ends); a miss pauses only after the queue's run length.
      if (fact.outcome === 'rejected') policyEffects.offerAnswered(core, offer.agentId);
      else if (policyEffects.offerMissed(core, offer.agentId, policy) && policy.missedOffer === 'unpaid-pause') {
        core.sendAgent(offer.agentId, { type: 'PAUSE', reason: 'missed-offer', paid: false, at: now });
      }
      // The task goes to a colleague first; after the cooldown it may come back to this agent.
      const task = offer.kind === 'invite' ? chat.inviteTask : chat.task;
      if (task !== null && policy.rejectCooldownMs > 0) {
        core.router.decline(task.id, offer.agentId, now + policy.rejectCooldownMs);
        core.later(policy.rejectCooldownMs, { kind: 'cooldown', taskId: task.id });
      }
      return;
    }
  }
}

/**
 * A chat closed or was abandoned: its transcript goes to the history store, its open assistance request is
 * resolved, and it leaves the live registry (kept for queries until the retention limit).
 */
function endChatRecord(core: EngineCore, chat: ChatRuntime): void {
  const context = chat.actor.getSnapshot().context;
  const messages = Object.freeze([...chat.messages]);
  clearCustomerAway(core, chat);
  if (chat.customer.contactId !== undefined) {
    core.history.record({
      contactId: chat.customer.contactId,
      chatId: chat.id,
      queueId: context.queueId,
      enqueuedAt: chat.task.enqueuedAt,
      endedAt: context.endedAt ?? core.clock.now(),
      messages,
    });
  }
  const request = chat.assistanceId === null ? undefined : core.assistance.get(chat.assistanceId);
  if (request !== undefined) {
    core.assistance.delete(request.id);
    core.emit({ type: 'assistance.resolved', requestId: request.id, chatId: chat.id, reason: 'chat-ended' });
    core.desk.touchSupervisors(request.queueId);
    chat.assistanceId = null;
  }
  core.finish(chat, core.retainsFinished ? { view: buildChatView(core, chat), messages } : undefined);
}
