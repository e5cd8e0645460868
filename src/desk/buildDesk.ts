import type { AgentRecord, ChatRecord, EngineState, NormalizedQueue } from '../engine/ports';
import { readCount } from '../engine/ports';
import { renderExternalUrl } from '../engine/views/templates';
import { buildAgentView, buildChatView, buildWaitingActivities, queueRef } from '../engine/views/views';
import type { AssistanceRequest, Message, WaitingActivity } from '../model/chat';
import type { RoutingTask } from '../model/routing';
import { compareTasks } from '../routing/WaitingList';
import type { Desk, DeskChat, DeskOffer } from './deskTypes';
import { WINDOW_SLACK } from './window';

const freezeAll = <T>(items: T[]): readonly T[] => Object.freeze(items.map((x) => Object.freeze(x)));

export function deskChat(ctx: EngineState, agent: AgentRecord, chat: ChatRecord): DeskChat {
  const me = agent.config.id;
  const view = buildChatView(ctx, chat);
  const queue = ctx.queues.get(view.queueId) as NormalizedQueue;
  const readUpTo = readCount(chat, me);
  let unread = 0;
  // Unread: the customer's lines only (issue 21). A colleague's line, a note or a system line ("Bob joined") waits for
  // no answer, so it neither flashes the tab nor counts; it is styled apart in the conversation instead.
  for (let i = readUpTo; i < chat.messages.length; i++) if ((chat.messages[i] as Message).from.kind === 'customer') unread++;
  const last = chat.messages[chat.messages.length - 1];
  const externalUrl = renderExternalUrl(chat, queue, agent);
  const assistance = chat.assistanceId === null ? undefined : ctx.assistance.get(chat.assistanceId);
  return {
    chatId: chat.id,
    state: view.state === 'closing' ? 'closing' : 'active',
    customer: chat.customer,
    queue: view.queue,
    participants: freezeAll(view.participants.map((p) => ({ agentId: p.agentId, name: ctx.agentName(p.agentId), joinedAt: p.joinedAt }))),
    ...(view.owner !== undefined ? { owner: view.owner } : {}),
    important: view.important,
    ...(view.status !== undefined ? { status: view.status } : {}),
    closeStatuses: queue.closeStatuses,
    unread,
    ...(last !== undefined ? { lastMessage: Object.freeze({ text: last.text, at: last.at, attachments: last.attachments }) } : {}),
    ...(chat.reminder !== null ? { reminder: Object.freeze({ ...chat.reminder }) } : {}),
    ...(view.invitation !== undefined ? { invitation: view.invitation } : {}),
    hasHistory: chat.customer.contactId !== undefined && ctx.history.has(chat.customer.contactId),
    templates: freezeAll(queue.templates.map((t) => ({ id: t.id, title: t.title }))),
    ...(externalUrl !== undefined ? { externalUrl } : {}),
    customerLeft: view.state === 'closing',
    ...(view.customerAway !== undefined ? { customerAway: view.customerAway } : {}),
    ...(assistance !== undefined ? { assistance } : {}),
    ...(view.hold !== undefined ? { hold: view.hold } : {}),
    ...(view.tags !== undefined ? { tags: view.tags } : {}),
  };
}

/** The agent part of a desk. */
export function deskAgent(ctx: EngineState, agent: AgentRecord): Desk['agent'] {
  const view = buildAgentView(ctx, agent);
  return Object.freeze({
    id: view.id,
    name: view.name,
    state: view.state,
    ...(view.pause !== undefined ? { pause: view.pause } : {}),
    capacity: view.capacity,
    slotsUsed: view.slotsUsed,
    queues: view.queues,
    ...(view.wrapUps !== undefined && view.wrapUps.length > 0 ? { wrapUps: view.wrapUps } : {}),
  });
}

/** The pending offers of an agent, as the notification box shows them. */
export function deskOffers(ctx: EngineState, agent: AgentRecord): readonly DeskOffer[] {
  const offers: DeskOffer[] = [];
  const me = agent.config.id;
  for (const chatId of agent.offers) {
    const chat = ctx.chats.get(chatId);
    const context = chat?.actor.getSnapshot().context;
    const record = context?.offers.find((o) => o.agentId === me);
    if (chat === undefined || context === undefined || record === undefined) continue;
    const queue = ctx.queues.get(record.kind === 'invite' ? record.policyQueueId : context.queueId) as NormalizedQueue;
    const from = record.kind === 'invite' ? context.invitation?.by : record.kind === 'transfer' ? context.transfer?.by : undefined;
    const comment = record.kind === 'invite' ? context.invitation?.comment : record.kind === 'transfer' ? context.transfer?.comment : undefined;
    const externalUrl = renderExternalUrl(chat, ctx.queues.get(context.queueId) as NormalizedQueue, agent);
    offers.push({
      offerId: record.id,
      chatId,
      kind: record.kind,
      customer: chat.customer,
      queue: queueRef(ctx, queue.id),
      enqueuedAt: chat.task.enqueuedAt,
      offeredAt: record.offeredAt,
      expiresAt: record.expiresAt,
      ...(from !== undefined ? { from: Object.freeze({ agentId: from, name: ctx.agentName(from) }) } : {}),
      ...(comment !== undefined ? { comment } : {}),
      ...(externalUrl !== undefined ? { externalUrl } : {}),
    });
  }
  return freezeAll(offers);
}

/** The open chat tabs of an agent. */
export function deskChats(ctx: EngineState, agent: AgentRecord): readonly DeskChat[] {
  const chats: DeskChat[] = [];
  for (const chatId of agent.chats) {
    const chat = ctx.chats.get(chatId);
    if (chat !== undefined) chats.push(deskChat(ctx, agent, chat));
  }
  // Chats a supervisor monitors (issue 9) come after their own, marked: they read along and hold no slot.
  if (agent.config.supervises.size > 0) {
    for (const chat of ctx.chats.values()) {
      if (chat.monitors.includes(agent.config.id)) chats.push({ ...deskChat(ctx, agent, chat), monitoring: true });
    }
  }
  return freezeAll(chats);
}

/** Open assistance requests of the queues this agent supervises. */
export function deskAssistance(ctx: EngineState, agent: AgentRecord): readonly AssistanceRequest[] {
  if (agent.config.supervises.size === 0) return Object.freeze([]);
  return Object.freeze([...ctx.assistance.values()].filter((r) => agent.config.supervises.has(r.queueId)));
}

/** The desk's part of the directory: the queues and the directory's version (colleagues come by page). */
export function deskDirectory(ctx: EngineState, version: number): Desk['directory'] {
  return Object.freeze({ version, queues: Object.freeze([...ctx.queues.values()].map((q) => Object.freeze({ id: q.id, name: q.name }))) });
}

/**
 * Computes an agent's whole desk from the engine's state, from scratch: the reference the incremental desk
 * (`src/desk`) is tested against. `waiting` follows {@link referenceWaiting}; `directoryVersion` is the desk feed's.
 */
export function buildDesk(ctx: EngineState, agent: AgentRecord, limit = Number.POSITIVE_INFINITY, directoryVersion = 0): Desk {
  return Object.freeze({
    agent: deskAgent(ctx, agent),
    offers: deskOffers(ctx, agent),
    waiting: referenceWaiting(ctx, agent, limit),
    chats: deskChats(ctx, agent),
    assistance: deskAssistance(ctx, agent),
    directory: deskDirectory(ctx, directoryVersion),
  });
}

/**
 * The capped waiting list, computed the slow way: `count` is the length of the whole list
 * ({@link buildWaitingActivities}); `items` are the most urgent of what the agent sees among the first
 * `limit + WINDOW_SLACK` entries of each member queue's list and what waits for the agent alone, at most `limit`.
 */
export function referenceWaiting(ctx: EngineState, agent: AgentRecord, limit: number): Desk['waiting'] {
  const all = buildWaitingActivities(ctx, agent);
  if (all.length <= limit) return Object.freeze({ count: all.length, items: all });
  const me = agent.config.id;
  const window = limit + WINDOW_SLACK;
  const seen = new Set<string>();
  const picked: Array<{ task: RoutingTask; item: WaitingActivity }> = [];
  const itemOf = new Map(all.map((item) => [`${item.kind}:${item.chatId}`, item]));
  const take = (task: RoutingTask) => {
    const item = itemOf.get(`${task.kind}:${task.chatId}`);
    if (item !== undefined && !seen.has(task.id)) {
      seen.add(task.id);
      picked.push({ task, item });
    }
  };
  const queueOf = (task: RoutingTask) => ctx.chats.get(task.chatId)?.actor.getSnapshot().context.queueId ?? '';
  // A chat transferred to this agent from one of its queues is in that queue's list (below), windowed like the rest.
  for (const task of ctx.router.waitingFor(me)) if (task.kind !== 'chat' || !agent.config.penalties.has(queueOf(task))) take(task);
  for (const queueId of agent.config.penalties.keys()) {
    const list: RoutingTask[] = [...ctx.router.waiting(queueId)];
    for (const memberId of ctx.membersByQueue.get(queueId) ?? []) {
      for (const task of ctx.router.waitingFor(memberId)) {
        if (task.kind === 'chat' && queueOf(task) === queueId) list.push(task);
      }
    }
    for (const chat of ctx.offeredByQueue.get(queueId) ?? []) list.push(chat.task);
    list.sort(compareTasks);
    for (const task of list.slice(0, window)) take(task);
  }
  picked.sort((a, b) => compareTasks(a.task, b.task));
  return Object.freeze({ count: all.length, items: Object.freeze(picked.slice(0, limit).map((p) => p.item)) });
}
