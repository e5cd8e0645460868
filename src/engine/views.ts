import type { OfferRecord } from '../machines/chat/types';
import { compareTasks } from '../routing/WaitingList';
import type { RoutingTask } from '../routing/types';
import type { NormalizedQueue } from './config';
import type { EngineCore } from './EngineCore';
import { agentStateOf, chatStateOf, slotsUsed, type AgentRuntime, type ChatRuntime } from './runtime';
import type { AgentView, ChatView, OfferView, WaitingActivity } from './types';

export function offerView(chatId: string, offer: OfferRecord): OfferView {
  return Object.freeze({
    id: offer.id,
    chatId,
    agentId: offer.agentId,
    kind: offer.kind,
    offeredAt: offer.offeredAt,
    expiresAt: offer.expiresAt,
  });
}

/** A frozen, plain copy of a live chat's state. */
export function buildChatView(core: EngineCore, chat: ChatRuntime): ChatView {
  const snapshot = chat.actor.getSnapshot();
  const c = snapshot.context;
  const queue = core.queues.get(c.queueId) as NormalizedQueue;
  const offers = Object.freeze(c.offers.map((o) => offerView(chat.id, o)));
  return Object.freeze({
    id: chat.id,
    state: chatStateOf(snapshot.value),
    queueId: c.queueId,
    queue: Object.freeze({ id: queue.id, name: queue.name }),
    customer: chat.customer,
    priority: c.priority,
    enqueuedAt: c.enqueuedAt,
    participants: Object.freeze(c.participants.map((p) => Object.freeze({ agentId: p.agentId, joinedAt: p.joinedAt }))),
    ...(c.owner !== null ? { owner: c.owner } : {}),
    ...(offers.length > 0 ? { offer: offers[0] } : {}),
    offers,
    ...(c.status !== null ? { status: c.status } : {}),
    ...(c.customerLeftAt !== null ? { customerLeftAt: c.customerLeftAt } : {}),
    ...(c.endedAt !== null ? { endedAt: c.endedAt } : {}),
    ...(c.closedBy !== null ? { closedBy: c.closedBy } : {}),
  });
}

/** A frozen, plain copy of an agent's state. */
export function buildAgentView(core: EngineCore, agent: AgentRuntime): AgentView {
  const snapshot = agent.actor.getSnapshot();
  const c = snapshot.context;
  const state = agentStateOf(snapshot.value);
  const offers: OfferView[] = [];
  for (const chatId of c.offers) {
    const record = core.chats.get(chatId)?.actor.getSnapshot().context.offers.find((o) => o.agentId === c.id);
    if (record !== undefined) offers.push(offerView(chatId, record));
  }
  return Object.freeze({
    id: c.id,
    name: agent.config.name,
    state,
    ...(c.pause !== null ? { pause: c.pause } : {}),
    chats: Object.freeze([...c.chats]),
    offers: Object.freeze(offers),
    capacity: c.capacity,
    slotsUsed: slotsUsed(c),
    queues: Object.freeze(
      [...agent.config.penalties].map(([queueId, penalty]) =>
        Object.freeze({ queueId, penalty, loggedIn: state !== 'offline' && !c.leftQueues.includes(queueId) }),
      ),
    ),
    ...(state !== 'offline' ? { idleSince: c.idleSince } : {}),
  });
}

/**
 * Chats an agent may pick: queued chats of every member queue (logged in or not) and chats offered to a
 * colleague, in serving order. Chats offered to this agent are not listed: the notification shows them.
 */
export function buildWaitingActivities(core: EngineCore, agent: AgentRuntime): readonly WaitingActivity[] {
  const found: Array<{ task: RoutingTask; chat: ChatRuntime; state: 'queued' | 'offered' }> = [];
  for (const queueId of agent.config.penalties.keys()) {
    for (const task of core.router.waiting(queueId)) {
      const chat = core.chats.get(task.chatId);
      if (chat !== undefined) found.push({ task, chat, state: 'queued' });
    }
    for (const chat of core.offeredByQueue.get(queueId) ?? []) {
      const offers = chat.actor.getSnapshot().context.offers;
      if (!offers.some((o) => o.agentId === agent.config.id)) found.push({ task: chat.task, chat, state: 'offered' });
    }
  }
  found.sort((a, b) => compareTasks(a.task, b.task));
  return Object.freeze(
    found.map(({ task, chat, state }) => {
      const queue = core.queues.get(task.queueId) as NormalizedQueue;
      return Object.freeze({
        chatId: chat.id,
        queue: Object.freeze({ id: queue.id, name: queue.name }),
        customer: chat.customer,
        priority: task.priority,
        enqueuedAt: task.enqueuedAt,
        state,
      });
    }),
  );
}
