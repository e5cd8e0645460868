import type { ChatFact, OfferRecord } from '../machines/chat/types';
import type { EngineCore } from './EngineCore';
import type { ChatRuntime } from './runtime';
import type { NormalizedQueue } from './config';
import { buildChatView, offerView } from './views';

/**
 * Turns one fact emitted by a chat actor into public events and into the agents' and router's side of the story.
 * This is the only place where a chat's change reaches agents: slots are taken and freed here, in fact order.
 */
export function handleFact(core: EngineCore, chat: ChatRuntime, fact: ChatFact): void {
  const context = chat.actor.getSnapshot().context;
  const queue = core.queues.get(context.queueId) as NormalizedQueue;
  switch (fact.type) {
    case 'queued':
      core.offeredByQueue.get(queue.id)?.delete(chat);
      core.router.addTask(chat.task);
      core.emit({
        type: 'chat.queued',
        chatId: chat.id,
        queueId: queue.id,
        reason: fact.reason,
        priority: context.priority,
        enqueuedAt: context.enqueuedAt,
      });
      return;
    case 'offerCreated': {
      core.offeredByQueue.get(queue.id)?.add(chat);
      const offer = offerView(chat.id, fact.offer);
      core.emit({
        type: 'offer.created',
        offer,
        chatId: chat.id,
        agentId: offer.agentId,
        notification: Object.freeze({
          customer: chat.customer,
          queue: Object.freeze({ id: queue.id, name: queue.name }),
          enqueuedAt: context.enqueuedAt,
          offeredAt: offer.offeredAt,
          expiresAt: offer.expiresAt,
        }),
      });
      core.sendAgent(offer.agentId, { type: 'OFFER_RECEIVED', chatId: chat.id });
      return;
    }
    case 'offerEnded':
      offerEnded(core, chat, queue, fact.offer, fact);
      return;
    case 'assigned':
      core.offeredByQueue.get(queue.id)?.delete(chat);
      core.router.removeTask(chat.id);
      core.emit({ type: 'chat.assigned', chatId: chat.id, agentId: fact.agentId, via: fact.via });
      if (fact.via === 'pick') core.sendAgent(fact.agentId, { type: 'CHAT_JOINED', chatId: chat.id, at: core.clock.now() });
      return;
    case 'customerLeft':
      core.emit({ type: 'customer.left', chatId: chat.id });
      return;
    case 'statusSet':
      core.emit({ type: 'chat.statusSet', chatId: chat.id, agentId: fact.agentId, status: fact.status });
      return;
    case 'closed':
      core.emit({ type: 'chat.closed', chatId: chat.id, agentId: fact.agentId, status: fact.status });
      for (const p of context.participants) core.sendAgent(p.agentId, { type: 'CHAT_LEFT', chatId: chat.id, at: core.clock.now() });
      core.finish(chat, { view: buildChatView(core, chat), messages: Object.freeze([...chat.messages]) });
      return;
    case 'abandoned':
      core.offeredByQueue.get(queue.id)?.delete(chat);
      core.router.removeTask(chat.id);
      core.emit({
        type: 'chat.abandoned',
        chatId: chat.id,
        queueId: queue.id,
        waitedMs: (context.endedAt ?? core.clock.now()) - context.enqueuedAt,
      });
      core.finish(chat, { view: buildChatView(core, chat), messages: Object.freeze([...chat.messages]) });
      return;
  }
}

function offerEnded(
  core: EngineCore,
  chat: ChatRuntime,
  queue: NormalizedQueue,
  offer: OfferRecord,
  fact: Extract<ChatFact, { type: 'offerEnded' }>,
): void {
  const ids = { offerId: offer.id, chatId: chat.id, agentId: offer.agentId };
  const now = core.clock.now();
  switch (fact.outcome) {
    case 'accepted':
      core.emit({ type: 'offer.accepted', ...ids });
      core.sendAgent(offer.agentId, { type: 'OFFER_ACCEPTED', chatId: chat.id, at: now });
      return;
    case 'withdrawn':
      core.emit({ type: 'offer.withdrawn', ...ids, reason: fact.reason ?? 'accepted-elsewhere' });
      core.sendAgent(offer.agentId, { type: 'OFFER_ENDED', chatId: chat.id });
      return;
    case 'rejected':
    case 'expired':
      core.emit({ type: fact.outcome === 'rejected' ? 'offer.rejected' : 'offer.expired', ...ids });
      core.sendAgent(offer.agentId, { type: 'OFFER_ENDED', chatId: chat.id });
      if (fact.outcome === 'expired' && queue.missedOffer === 'unpaid-pause') {
        core.sendAgent(offer.agentId, { type: 'PAUSE', reason: 'missed-offer', paid: false, at: now });
      }
      // The chat goes to a colleague first; after the cooldown it may come back to this agent.
      if (queue.rejectCooldownMs > 0) {
        core.router.decline(chat.id, offer.agentId, now + queue.rejectCooldownMs);
        core.later(queue.rejectCooldownMs, () => core.router.touch(chat.id));
      }
      return;
  }
}
