import type { ChatRecord, EngineState, Touched } from '../engine/ports';
import { chatStateOf } from '../engine/ports';
import { waitingActivityOf } from '../engine/views/views';
import type { RoutingTask } from '../model/routing';
import { equal } from './equal';
import type { QueueChange, QueueWindow, WaitingEntry } from './types';
import { compareEntries } from './waitingOf';

interface Board {
  /** Every entry of the queue's list, in serving order. */
  readonly entries: WaitingEntry[];
}

interface Placed {
  readonly queueId: string;
  readonly entry: WaitingEntry;
}

/** A waiting entry for a routing task (the same fields `waitingActivities` returns). */
export function entryOf(ctx: EngineState, chat: ChatRecord, task: RoutingTask, state: 'queued' | 'offered'): WaitingEntry {
  return Object.freeze({ key: task.id, seq: task.seq, activity: waitingActivityOf(ctx, chat, task, state) });
}

/**
 * Where a live chat shows in queues' waiting lists, read off its settled state: its own task (waiting in its queue,
 * reserved for a member of its queue, or offered to someone of its queue) and its invitation waiting in a queue.
 */
function placesOf(ctx: EngineState, chat: ChatRecord): Placed[] {
  if (ctx.chats.get(chat.id) !== chat) return [];
  const snapshot = chat.actor.getSnapshot();
  const context = snapshot.context;
  const places: Placed[] = [];
  const task = chat.task;
  if (chatStateOf(snapshot.value) === 'queued') {
    if (task.queueId !== null) places.push({ queueId: task.queueId, entry: entryOf(ctx, chat, task, 'queued') });
    else if (task.targetAgentId !== null && ctx.agents.get(task.targetAgentId)?.config.penalties.has(context.queueId)) {
      places.push({ queueId: context.queueId, entry: entryOf(ctx, chat, task, 'queued') });
    }
  } else if (ctx.offeredByQueue.get(context.queueId)?.has(chat)) {
    places.push({ queueId: context.queueId, entry: entryOf(ctx, chat, task, 'offered') });
  }
  const invite = chat.inviteTask;
  if (invite !== null && invite.queueId !== null && context.invitation !== null && !context.offers.some((o) => o.kind === 'invite')) {
    places.push({ queueId: invite.queueId, entry: entryOf(ctx, chat, invite, 'queued') });
  }
  return places;
}

/**
 * Every queue's waiting list, kept incrementally from the chats a transaction touched (O(log n) per chat, whoever
 * watches), and the changes to each list's window (its first `window` entries) and count: what
 * `engine.queueChanges$()` publishes once per change, for every member's desk.
 */
export class QueueBoards {
  readonly #window: number;
  readonly #boards = new Map<string, Board>();
  readonly #places = new Map<string, Placed[]>();
  /** Task id → queue id, for every entry. */
  readonly #where = new Map<string, string>();
  #changes: QueueChange[] = [];

  constructor(window: number) {
    this.#window = window;
  }

  /** Rebuilds every list from the engine's state (on first use, and after a configuration change). */
  rebuild(ctx: EngineState): void {
    const before = new Map([...this.#boards].map(([queueId, board]) => [queueId, this.windowOf(queueId, board)]));
    this.#boards.clear();
    this.#places.clear();
    this.#where.clear();
    for (const queueId of ctx.queues.keys()) this.#boards.set(queueId, { entries: [] });
    for (const chat of ctx.chats.values()) {
      const places = placesOf(ctx, chat);
      if (places.length === 0) continue;
      this.#places.set(chat.id, places);
      for (const { queueId, entry } of places) {
        this.#boards.get(queueId)?.entries.push(entry);
        this.#where.set(entry.key, queueId);
      }
    }
    for (const [queueId, board] of this.#boards) {
      board.entries.sort(compareEntries);
      const window = this.windowOf(queueId, board);
      if (!equal(before.get(queueId), window)) this.#changes.push({ type: 'waiting.reset', queueId, ...window });
    }
  }

  /** Re-reads where a chat shows (after any touch); a chat no longer live shows nowhere. */
  update(ctx: EngineState, chat: ChatRecord): void {
    const previous = this.#places.get(chat.id) ?? [];
    const next = placesOf(ctx, chat);
    if (next.length === 0) this.#places.delete(chat.id);
    else this.#places.set(chat.id, next);
    for (const old of previous) {
      const now = next.find((p) => p.entry.key === old.entry.key);
      if (now !== undefined && now.queueId === old.queueId && now.entry.seq === old.entry.seq && compareEntries(now.entry, old.entry) === 0) {
        if (!equal(now.entry, old.entry)) this.#replace(now);
      } else this.#remove(old);
    }
    for (const now of next) {
      const old = previous.find((p) => p.entry.key === now.entry.key);
      if (old === undefined || this.#where.get(now.entry.key) === undefined) this.#insert(now);
    }
  }

  /** The queue holding this entry, if any. */
  queueOf(key: string): string | undefined {
    return this.#where.get(key);
  }

  windowOf(queueId: string, board = this.#boards.get(queueId)): QueueWindow {
    if (board === undefined) return Object.freeze({ count: 0, entries: Object.freeze([]) });
    return Object.freeze({ count: board.entries.length, entries: Object.freeze(board.entries.slice(0, this.#window)) });
  }

  /** The changes since the last call. */
  drain(): QueueChange[] {
    const changes = this.#changes;
    this.#changes = [];
    return changes;
  }

  #position(entries: readonly WaitingEntry[], entry: WaitingEntry): number {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(entries[mid] as WaitingEntry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insert({ queueId, entry }: Placed): void {
    const board = this.#boards.get(queueId);
    if (board === undefined) return;
    const entries = board.entries;
    const at = this.#position(entries, entry);
    entries.splice(at, 0, entry);
    this.#where.set(entry.key, queueId);
    const count = entries.length;
    if (at >= this.#window) {
      this.#changes.push({ type: 'waiting.count', queueId, count });
      return;
    }
    this.#changes.push({ type: 'waiting.added', queueId, count, entry });
    const pushedOut = entries[this.#window];
    if (pushedOut !== undefined) this.#changes.push({ type: 'waiting.removed', queueId, count, key: pushedOut.key });
  }

  #remove({ queueId, entry }: Placed): void {
    const board = this.#boards.get(queueId);
    if (board === undefined) return;
    const entries = board.entries;
    const at = this.#indexOf(entries, entry);
    if (at < 0) return;
    entries.splice(at, 1);
    if (this.#where.get(entry.key) === queueId) this.#where.delete(entry.key);
    const count = entries.length;
    if (at >= this.#window) {
      this.#changes.push({ type: 'waiting.count', queueId, count });
      return;
    }
    this.#changes.push({ type: 'waiting.removed', queueId, count, key: entry.key });
    const pulledIn = entries[this.#window - 1];
    if (pulledIn !== undefined) this.#changes.push({ type: 'waiting.added', queueId, count, entry: pulledIn });
  }

  #replace({ queueId, entry }: Placed): void {
    const board = this.#boards.get(queueId);
    if (board === undefined) return;
    const entries = board.entries;
    const at = this.#indexOf(entries, entry);
    if (at < 0) return;
    entries[at] = entry;
    if (at < this.#window) this.#changes.push({ type: 'waiting.changed', queueId, count: entries.length, entry });
  }

  /** Where an entry already on a board is: by its order (a binary search), else by its key (it moved); -1 if absent. */
  #indexOf(entries: readonly WaitingEntry[], entry: WaitingEntry): number {
    const at = this.#position(entries, entry);
    return entries[at]?.key === entry.key ? at : entries.findIndex((e) => e.key === entry.key);
  }
}
