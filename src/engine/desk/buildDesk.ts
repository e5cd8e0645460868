import type { NormalizedQueue } from '../config';
import type { EngineCore } from '../EngineCore';
import type { AgentRuntime, ChatRuntime } from '../runtime';
import { fillPlaceholders, placeholderValues } from '../templates';
import { buildAgentView, buildChatView, buildWaitingActivities, queueRef } from '../views';
import type { Message } from '../types';
import type { Desk, DeskChat, DeskOffer } from './types';

const freezeAll = <T>(items: T[]): readonly T[] => Object.freeze(items.map((x) => Object.freeze(x)));

/** The admin URL of a chat's queue, filled for one agent; undefined when the queue has none. */
export function renderExternalUrl(core: EngineCore, chat: ChatRuntime, queue: NormalizedQueue, agent: AgentRuntime): string | undefined {
  if (queue.externalUrl === undefined) return undefined;
  return fillPlaceholders(queue.externalUrl, placeholderValues(chat, agent, queue), true);
}

function deskChat(core: EngineCore, agent: AgentRuntime, chat: ChatRuntime): DeskChat {
  const me = agent.config.id;
  const view = buildChatView(core, chat);
  const queue = core.queues.get(view.queueId) as NormalizedQueue;
  const readUpTo = chat.readUpTo?.get(me) ?? 0;
  let unread = 0;
  for (let i = readUpTo; i < chat.messages.length; i++) {
    const message = chat.messages[i] as Message;
    // Unread: what others wrote, and system lines about others (not "you joined").
    const mine = message.from.kind === 'agent' ? message.from.agentId === me : message.notice !== undefined && 'agentId' in message.notice && message.notice.agentId === me;
    if (!mine) unread++;
  }
  const last = chat.messages[chat.messages.length - 1];
  const externalUrl = renderExternalUrl(core, chat, queue, agent);
  const assistance = chat.assistanceId === null ? undefined : core.assistance.get(chat.assistanceId);
  return {
    chatId: chat.id,
    state: view.state === 'closing' ? 'closing' : 'active',
    customer: chat.customer,
    queue: view.queue,
    participants: freezeAll(view.participants.map((p) => ({ agentId: p.agentId, name: core.agentName(p.agentId), joinedAt: p.joinedAt }))),
    ...(view.owner !== undefined ? { owner: view.owner } : {}),
    important: view.important,
    ...(view.status !== undefined ? { status: view.status } : {}),
    closeStatuses: queue.closeStatuses,
    unread,
    ...(last !== undefined ? { lastMessage: Object.freeze({ text: last.text, at: last.at, attachments: last.attachments }) } : {}),
    ...(chat.reminder !== null ? { reminder: Object.freeze({ ...chat.reminder }) } : {}),
    ...(view.invitation !== undefined ? { invitation: view.invitation } : {}),
    hasHistory: chat.customer.contactId !== undefined && core.history.has(chat.customer.contactId),
    templates: freezeAll(queue.templates.map((t) => ({ id: t.id, title: t.title }))),
    ...(externalUrl !== undefined ? { externalUrl } : {}),
    customerLeft: view.state === 'closing',
    ...(assistance !== undefined ? { assistance } : {}),
  };
}

/** Computes an agent's whole desk from the engine's state. */
export function buildDesk(core: EngineCore, agent: AgentRuntime): Desk {
  const me = agent.config.id;
  const view = buildAgentView(core, agent);
  const offers: DeskOffer[] = [];
  for (const offer of view.offers) {
    const chat = core.chats.get(offer.chatId) as ChatRuntime;
    const context = chat.actor.getSnapshot().context;
    const record = context.offers.find((o) => o.id === offer.id);
    const queue = core.queues.get(offer.kind === 'invite' && record ? record.policyQueueId : context.queueId) as NormalizedQueue;
    const from = offer.kind === 'invite' ? context.invitation?.by : offer.kind === 'transfer' ? context.transfer?.by : undefined;
    const externalUrl = renderExternalUrl(core, chat, core.queues.get(context.queueId) as NormalizedQueue, agent);
    offers.push({
      offerId: offer.id,
      chatId: offer.chatId,
      kind: offer.kind,
      customer: chat.customer,
      queue: queueRef(core, queue.id),
      enqueuedAt: chat.task.enqueuedAt,
      offeredAt: offer.offeredAt,
      expiresAt: offer.expiresAt,
      ...(from !== undefined ? { from: Object.freeze({ agentId: from, name: core.agentName(from) }) } : {}),
      ...(externalUrl !== undefined ? { externalUrl } : {}),
    });
  }
  const waiting = buildWaitingActivities(core, agent);
  const chats = view.chats.map((chatId) => deskChat(core, agent, core.chats.get(chatId) as ChatRuntime));
  const assistance = [...core.assistance.values()].filter((r) => agent.config.supervises.has(r.queueId));
  const directory = {
    queues: Object.freeze([...core.queues.values()].map((q) => Object.freeze({ id: q.id, name: q.name }))),
    agents: freezeAll(
      [...core.agents.values()]
        .filter((a) => a.config.id !== me)
        .map((a) => ({ agentId: a.config.id, name: a.config.name })),
    ),
  };
  return Object.freeze({
    agent: Object.freeze({
      id: view.id,
      name: view.name,
      state: view.state,
      ...(view.pause !== undefined ? { pause: view.pause } : {}),
      capacity: view.capacity,
      slotsUsed: view.slotsUsed,
      queues: view.queues,
    }),
    offers: freezeAll(offers),
    waiting: Object.freeze({ count: waiting.length, items: waiting }),
    chats: freezeAll(chats),
    assistance: Object.freeze(assistance),
    directory: Object.freeze(directory),
  });
}
