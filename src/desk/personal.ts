import type { Desk, DeskChat, DeskOffer } from './deskTypes';
import { deskAgent, deskAssistance, deskChats, deskOffers } from './buildDesk';
import type { AgentRecord, ChatRecord, EngineState } from '../engine/ports';
import type { AssistanceRequest } from '../model/chat';
import type { Directory } from './directory';
import { equal } from './equal';
import type { QueueBoards } from './QueueBoards';
import { entryOf } from './QueueBoards';
import type { DeskState, PersonalDeskChange, WaitingEntry } from './types';
import { compareEntries, waitingOf } from './waitingOf';

/** What only this agent's desk shows: rebuilt when a transaction touched the agent, in time proportional to its own work. */
export interface Personal {
  readonly agent: Desk['agent'];
  readonly offers: readonly DeskOffer[];
  readonly chats: readonly DeskChat[];
  readonly assistance: readonly AssistanceRequest[];
  readonly targeted: readonly WaitingEntry[];
  readonly hidden: readonly string[];
  /** Member queues, in configuration order: whose windows the desk holds. */
  readonly members: readonly string[];
}

export function personalOf(ctx: EngineState, agent: AgentRecord, boards: QueueBoards): Personal {
  const me = agent.config.id;
  const targeted: WaitingEntry[] = [];
  for (const task of ctx.router.waitingFor(me)) {
    const chat = ctx.chats.get(task.chatId);
    if (chat === undefined || task.exclude?.has(me)) continue;
    // A chat transferred to this agent from one of its own queues is in that queue's shared list.
    if (task.kind === 'chat' && agent.config.penalties.has(chat.actor.getSnapshot().context.queueId)) continue;
    targeted.push(entryOf(ctx, chat, task, 'queued'));
  }
  targeted.sort(compareEntries);
  const hidden: string[] = [];
  const hide = (key: string) => {
    const queueId = boards.queueOf(key);
    if (queueId !== undefined && agent.config.penalties.has(queueId) && !hidden.includes(key)) hidden.push(key);
  };
  // What is offered to this agent shows as a notification, not in its waiting list.
  for (const chatId of agent.offers) {
    const chat = ctx.chats.get(chatId);
    if (chat !== undefined && ctx.offeredByQueue.get(chat.actor.getSnapshot().context.queueId)?.has(chat)) hide(chat.task.id);
  }
  // An invitation is never offered to someone already in the chat.
  for (const chatId of agent.chats) {
    const invite = ctx.chats.get(chatId)?.inviteTask;
    if (invite != null && invite.exclude?.has(me)) hide(invite.id);
  }
  hidden.sort();
  return Object.freeze({
    agent: deskAgent(ctx, agent),
    offers: deskOffers(ctx, agent),
    chats: deskChats(ctx, agent),
    assistance: deskAssistance(ctx, agent),
    targeted: Object.freeze(targeted),
    hidden: Object.freeze(hidden),
    members: Object.freeze([...agent.config.penalties.keys()]),
  });
}

/** A whole incremental desk from an agent's own part, the shared windows and the directory. */
export function stateOf(agentId: string, limit: number, personal: Personal, boards: QueueBoards, directory: Directory): DeskState {
  const queues = Object.freeze(Object.fromEntries(personal.members.map((queueId) => [queueId, boards.windowOf(queueId)])));
  const waiting = waitingOf({ queues, targeted: personal.targeted, hidden: personal.hidden, limit });
  return Object.freeze({
    agentId,
    limit,
    queues,
    targeted: personal.targeted,
    hidden: personal.hidden,
    desk: Object.freeze({
      agent: personal.agent,
      offers: personal.offers,
      waiting,
      chats: personal.chats,
      assistance: personal.assistance,
      directory: Object.freeze({ version: directory.version, queues: directory.queues }),
    }),
  });
}

/**
 * Keyed list changes that turn `before` into `after` when applied in order by `applyDeskChange` (remove what went,
 * then place each item of `after` at its index). Lists are an agent's own offers, chats, requests: a few items.
 */
function diffList<T>(before: readonly T[], after: readonly T[], key: (item: T) => string, removed: (key: string) => void, added: (index: number, item: T) => void, changed: (before: T, after: T) => void): void {
  const keep = new Set(after.map(key));
  const order: string[] = [];
  const old = new Map<string, T>();
  for (const item of before) {
    const k = key(item);
    if (keep.has(k)) {
      order.push(k);
      old.set(k, item);
    } else removed(k);
  }
  after.forEach((item, i) => {
    const k = key(item);
    if (order[i] === k) {
      const was = old.get(k) as T;
      if (!equal(was, item)) changed(was, item);
      return;
    }
    const at = order.indexOf(k);
    if (at >= 0) order.splice(at, 1);
    order.splice(i, 0, k);
    added(i, item);
  });
}

const MESSAGE_FIELDS = new Set(['lastMessage', 'unread']);

function chatChange(before: DeskChat, after: DeskChat): PersonalDeskChange {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const k of Object.keys(a)) if (!equal(b[k], a[k])) set[k] = a[k];
  for (const k of Object.keys(b)) if (!(k in a)) unset.push(k);
  const keys = Object.keys(set);
  if (unset.length === 0 && after.lastMessage !== undefined && keys.every((k) => MESSAGE_FIELDS.has(k))) {
    return { type: 'chat.message', chatId: after.chatId, lastMessage: after.lastMessage, unread: after.unread };
  }
  return { type: 'chat.changed', chatId: after.chatId, set: Object.freeze(set) as Partial<DeskChat>, unset: Object.freeze(unset) as ReadonlyArray<keyof DeskChat> };
}

/** The changes from one rebuild of an agent's own part to the next (none when nothing changed). */
export function diffPersonal(before: Personal, after: Personal): PersonalDeskChange[] {
  const out: PersonalDeskChange[] = [];
  if (!equal(before.agent, after.agent)) out.push({ type: 'agent.changed', agent: after.agent });
  diffList(before.offers, after.offers, (o) => o.offerId, (offerId) => out.push({ type: 'offer.removed', offerId }), (index, offer) => out.push({ type: 'offer.added', index, offer }), (_, offer) => {
    out.push({ type: 'offer.added', index: after.offers.indexOf(offer), offer });
  });
  diffList(before.chats, after.chats, (c) => c.chatId, (chatId) => out.push({ type: 'chat.removed', chatId }), (index, chat) => out.push({ type: 'chat.added', index, chat }), (was, chat) => out.push(chatChange(was, chat)));
  diffList(before.assistance, after.assistance, (r) => r.id, (requestId) => out.push({ type: 'assistance.removed', requestId }), (index, request) => out.push({ type: 'assistance.added', index, request }), (_, request) => {
    out.push({ type: 'assistance.added', index: after.assistance.indexOf(request), request });
  });
  const keys = new Set(after.targeted.map((e) => e.key));
  for (const entry of before.targeted) if (!keys.has(entry.key)) out.push({ type: 'targeted.removed', key: entry.key });
  for (const entry of after.targeted) {
    const was = before.targeted.find((e) => e.key === entry.key);
    if (was === undefined || !equal(was, entry)) out.push({ type: 'targeted.added', entry });
  }
  if (!equal(before.hidden, after.hidden)) out.push({ type: 'hidden.changed', hidden: after.hidden });
  return out;
}

/** Who may see a chat on their own desk: participants, agents offered it, the agent it waits for. */
export function audienceOf(chat: ChatRecord): string[] {
  const context = chat.actor.getSnapshot().context;
  const out = new Set<string>();
  for (const p of context.participants) out.add(p.agentId);
  for (const o of context.offers) out.add(o.agentId);
  if (context.reservedFor !== null) out.add(context.reservedFor);
  if (chat.task.targetAgentId !== null) out.add(chat.task.targetAgentId);
  if (chat.inviteTask?.targetAgentId != null) out.add(chat.inviteTask.targetAgentId);
  for (const supervisorId of chat.monitors) out.add(supervisorId);
  return [...out];
}
