import type { Desk, DeskChat } from './deskTypes';
import type { DeskChange, DeskState, QueueWindow, WaitingEntry } from './types';
import { compareEntries, waitingOf } from './waitingOf';

const without = <T>(list: readonly T[], drop: (item: T) => boolean): readonly T[] => {
  const index = list.findIndex(drop);
  return index < 0 ? list : Object.freeze([...list.slice(0, index), ...list.slice(index + 1)]);
};

/** `list` with `item` at `index` (any item of the same key moved there). */
const placed = <T>(list: readonly T[], index: number, item: T, same: (x: T) => boolean): readonly T[] => {
  const rest = list.filter((x) => !same(x));
  rest.splice(Math.min(index, rest.length), 0, item);
  return Object.freeze(rest);
};

/** `entries` with `entry` in serving order (an entry of the same key replaced). */
const sortedWith = (entries: readonly WaitingEntry[], entry: WaitingEntry): readonly WaitingEntry[] => {
  const rest = entries.filter((e) => e.key !== entry.key);
  let i = 0;
  while (i < rest.length && compareEntries(rest[i] as WaitingEntry, entry) < 0) i++;
  rest.splice(i, 0, entry);
  return Object.freeze(rest);
};

const withDesk = (state: DeskState, desk: Partial<Desk>): DeskState => Object.freeze({ ...state, desk: Object.freeze({ ...state.desk, ...desk }) });

/** Recomputes `desk.waiting` after a change to what it is derived from. */
const rederive = (state: DeskState, part: Partial<Pick<DeskState, 'queues' | 'targeted' | 'hidden'>>): DeskState => {
  const next = { ...state, ...part };
  return Object.freeze({ ...next, desk: Object.freeze({ ...state.desk, waiting: waitingOf(next) }) });
};

const withQueue = (state: DeskState, queueId: string, window: QueueWindow): DeskState =>
  rederive(state, { queues: Object.freeze({ ...state.queues, [queueId]: Object.freeze(window) }) });

function patchChat(chat: DeskChat, set: Partial<DeskChat>, unset: readonly string[]): DeskChat {
  const next: Record<string, unknown> = { ...chat, ...set };
  for (const key of unset) delete next[key];
  return Object.freeze(next) as unknown as DeskChat;
}

/**
 * Applies one change to an incremental desk and returns the new state (the input is never modified; parts that did
 * not change keep their identity). Personal changes come from `engine.deskChanges$(agentId)`, shared ones from
 * `engine.queueChanges$()` (ignored unless the queue is one of the agent's) and `engine.directoryChanges$()`.
 * Every change is absolute, so applying one twice gives the same state. Pure and dependency-free: the same function
 * runs in a host or in a browser.
 *
 * @example
 * ```ts
 * let state: DeskState | undefined;
 * engine.deskChanges$('alice').subscribe((change) => {
 *   state = change.type === 'desk.init' ? change.state : applyDeskChange(state!, change);
 * });
 * engine.queueChanges$().subscribe((change) => { if (state) state = applyDeskChange(state, change); });
 * render(state.desk);
 * ```
 */
export function applyDeskChange(state: DeskState, change: DeskChange): DeskState {
  const desk = state.desk;
  switch (change.type) {
    case 'desk.init':
      return change.state;
    case 'agent.changed':
      return withDesk(state, { agent: change.agent });
    case 'offer.added':
      return withDesk(state, { offers: placed(desk.offers, change.index, change.offer, (o) => o.offerId === change.offer.offerId) });
    case 'offer.removed':
      return withDesk(state, { offers: without(desk.offers, (o) => o.offerId === change.offerId) });
    case 'chat.added':
      return withDesk(state, { chats: placed(desk.chats, change.index, change.chat, (c) => c.chatId === change.chat.chatId) });
    case 'chat.removed':
      return withDesk(state, { chats: without(desk.chats, (c) => c.chatId === change.chatId) });
    case 'chat.changed':
    case 'chat.message': {
      const index = desk.chats.findIndex((c) => c.chatId === change.chatId);
      if (index < 0) return state;
      const chat = desk.chats[index] as DeskChat;
      const next = change.type === 'chat.changed' ? patchChat(chat, change.set, change.unset) : patchChat(chat, { lastMessage: change.lastMessage, unread: change.unread }, []);
      const chats = [...desk.chats];
      chats[index] = next;
      return withDesk(state, { chats: Object.freeze(chats) });
    }
    case 'assistance.added':
      return withDesk(state, { assistance: placed(desk.assistance, change.index, change.request, (r) => r.id === change.request.id) });
    case 'assistance.removed':
      return withDesk(state, { assistance: without(desk.assistance, (r) => r.id === change.requestId) });
    case 'targeted.added':
      return rederive(state, { targeted: sortedWith(state.targeted, change.entry) });
    case 'targeted.removed':
      return rederive(state, { targeted: without(state.targeted, (e) => e.key === change.key) });
    case 'hidden.changed':
      return rederive(state, { hidden: Object.freeze([...change.hidden]) });
    case 'waiting.added':
    case 'waiting.changed':
    case 'waiting.removed':
    case 'waiting.count':
    case 'waiting.reset': {
      const window = state.queues[change.queueId];
      if (window === undefined) return state;
      const entries =
        change.type === 'waiting.reset'
          ? change.entries
          : change.type === 'waiting.added' || change.type === 'waiting.changed'
            ? sortedWith(window.entries, change.entry)
            : change.type === 'waiting.removed'
              ? without(window.entries, (e) => e.key === change.key)
              : window.entries;
      return withQueue(state, change.queueId, { count: change.count, entries });
    }
    case 'directory.queue': {
      if (change.version <= desk.directory.version) return state;
      const queues = desk.directory.queues;
      const index = queues.findIndex((q) => q.id === change.queue.id);
      const next = index < 0 ? [...queues, change.queue] : queues.map((q, i) => (i === index ? change.queue : q));
      return withDesk(state, { directory: Object.freeze({ version: change.version, queues: Object.freeze(next) }) });
    }
    case 'directory.queueRemoved':
      if (change.version <= desk.directory.version) return state;
      return withDesk(state, { directory: Object.freeze({ version: change.version, queues: without(desk.directory.queues, (q) => q.id === change.queueId) }) });
    // Colleagues are not on the desk (they come by page): the version says a page read before is out of date.
    case 'directory.agent':
    case 'directory.agentRemoved':
      if (change.version <= desk.directory.version) return state;
      return withDesk(state, { directory: Object.freeze({ ...desk.directory, version: change.version }) });
  }
}
