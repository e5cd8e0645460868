import type { ChatFact, OfferRecord } from '../../machines/chat/types';
import * as policyEffects from '../policies/policyEffects';
import type { ChatRecord, EngineContext, NormalizedQueue } from '../ports';
import { offerView, queueRef } from '../views/views';

/** An offer was made: its deadline (shared by a batch), the "offered to a colleague" index, the event, the slot. */
export function offerCreated(ctx: EngineContext, chat: ChatRecord, record: OfferRecord): void {
  const context = chat.actor.getSnapshot().context;
  chat.tally.made++;
  chat.tally.firstOfferedAt ??= ctx.clock.now();
  if (chat.offerTimer === null) {
    chat.offerTimer = ctx.later(record.expiresAt - ctx.clock.now(), { kind: 'offer', chatId: chat.id });
  }
  if (record.kind !== 'invite') {
    ctx.setOffered(context.queueId, chat, true);
  }
  const queue = ctx.queues.get(record.kind === 'invite' ? record.policyQueueId : context.queueId) as NormalizedQueue;
  const from = record.kind === 'invite' ? context.invitation?.by : record.kind === 'transfer' ? context.transfer?.by : undefined;
  const comment = record.kind === 'invite' ? context.invitation?.comment : record.kind === 'transfer' ? context.transfer?.comment : undefined;
  const offer = offerView(chat.id, record);
  ctx.emit({
    type: 'offer.created',
    offer,
    chatId: chat.id,
    agentId: offer.agentId,
    notification: Object.freeze({
      customer: chat.customer,
      queue: queueRef(ctx, queue.id),
      enqueuedAt: chat.task.enqueuedAt,
      offeredAt: offer.offeredAt,
      expiresAt: offer.expiresAt,
      kind: record.kind,
      ...(from !== undefined ? { from: Object.freeze({ agentId: from, name: ctx.agentName(from) }) } : {}),
      ...(comment !== undefined ? { comment } : {}),
    }),
  });
  ctx.changeSlots(offer.agentId, { type: 'offerReceived', chatId: chat.id });
}

/** An offer ended: accepted, withdrawn, rejected or missed (the missed-offer pause and the cooldown follow). */
export function offerEnded(ctx: EngineContext, chat: ChatRecord, offer: OfferRecord, fact: Extract<ChatFact, { type: 'offerEnded' }>): void {
  const ids = { offerId: offer.id, chatId: chat.id, agentId: offer.agentId };
  const now = ctx.clock.now();
  const policy = ctx.queues.get(offer.policyQueueId) as NormalizedQueue;
  switch (fact.outcome) {
    case 'accepted':
      chat.tally.accepted++;
      ctx.emit({ type: 'offer.accepted', ...ids });
      ctx.changeSlots(offer.agentId, { type: 'offerAccepted', chatId: chat.id, at: now });
      policyEffects.offerAnswered(ctx, offer.agentId);
      return;
    case 'withdrawn':
      chat.tally.withdrawn++;
      ctx.emit({ type: 'offer.withdrawn', ...ids, reason: fact.reason ?? 'accepted-elsewhere' });
      ctx.changeSlots(offer.agentId, { type: 'offerEnded', chatId: chat.id });
      return;
    case 'rejected':
    case 'expired': {
      if (fact.outcome === 'rejected') chat.tally.rejected++;
      else chat.tally.missed++;
      ctx.emit({ type: fact.outcome === 'rejected' ? 'offer.rejected' : 'offer.expired', ...ids });
      ctx.changeSlots(offer.agentId, { type: 'offerEnded', chatId: chat.id });
      // A reject is an answer (the run of misses ends); a miss pauses only after the queue's run length.
      if (fact.outcome === 'rejected') policyEffects.offerAnswered(ctx, offer.agentId);
      else if (policyEffects.offerMissed(ctx, offer.agentId, policy)) {
        ctx.sendAgent(offer.agentId, { type: 'PAUSE', reason: 'missed-offer', paid: false, at: now });
      }
      // The task goes to a colleague first; after the cooldown it may come back to this agent.
      const task = offer.kind === 'invite' ? chat.inviteTask : chat.task;
      if (task !== null && policy.rejectCooldownMs > 0) {
        ctx.router.decline(task.id, offer.agentId, now + policy.rejectCooldownMs);
        ctx.later(policy.rejectCooldownMs, { kind: 'cooldown', taskId: task.id });
      }
      return;
    }
  }
}

