import type { DirectoryChange, Engine, QueueChange } from 'chatroute';

/** Sends one frame, already serialized, to one tab. */
export type RawSend = (raw: string) => void;

/** One queue's changes since the last flush, collapsed: the last change per entry (the count is kept apart). */
interface Pending {
  reset?: QueueChange;
  readonly byKey: Map<string, QueueChange>;
  /** Entries added within this batch: if they also leave within it, the members never need to hear of them. */
  readonly addedHere: Set<string>;
}

/** How long queue changes gather before they go out (the waiting list is information; offers are never delayed). */
export const FLUSH_EVERY_MS = 250;

/**
 * The shared parts of every desk: each queue's waiting list and the directory of queues and colleagues. The engine
 * publishes a change once, whoever watches (`queueChanges$`, `directoryChanges$`); this hub serializes it once and
 * sends the same bytes to the tab of each member of the queue. Queue changes of the directory go to every tab (a
 * desk holds the queues); colleague changes only to tabs that loaded a page of colleagues ({@link DeskChannels.readDirectory}):
 * the others hold none to keep up to date.
 *
 * Queue changes are gathered for {@link FLUSH_EVERY_MS} and collapsed before they go out: changes are absolute, so
 * only the last one per entry matters, and an entry that came and went within the batch (a chat offered and
 * accepted at once, the common case) is not sent at all. A busy queue then costs its members one small frame per
 * flush, or none when nothing they see changed, instead of a frame per change per member: the cost of a chat's
 * lifecycle stops growing with the number of agents who merely see its queue.
 *
 * @example
 * ```ts
 * const channels = new DeskChannels(engine);
 * const leave = channels.join(['sales', 'support'], (raw) => ws.send(raw));
 * ```
 */
export class DeskChannels {
  readonly #queues = new Map<string, Set<RawSend>>();
  readonly #everyone = new Set<RawSend>();
  /** Tabs that loaded a page of colleagues. */
  readonly #readers = new Set<RawSend>();
  readonly #pending = new Map<string, Pending>();
  /** Each queue's count as of its last change, and as members last heard it. */
  readonly #count = new Map<string, number>();
  readonly #sentCount = new Map<string, number>();
  /** Queues a tab joined since the last flush: its `desk.init` may hold a count the others have moved past. */
  readonly #joined = new Set<string>();
  readonly #subscriptions: Array<{ unsubscribe(): void }>;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(engine: Engine) {
    this.#subscriptions = [
      engine.queueChanges$().subscribe((change) => this.#onQueue(change)),
      engine.directoryChanges$().subscribe((change) => this.#onDirectory(change)),
    ];
  }

  /** Hears the changes of these queues and of the directory until the returned function is called. */
  join(queueIds: readonly string[], send: RawSend): () => void {
    this.#everyone.add(send);
    for (const queueId of queueIds) {
      let members = this.#queues.get(queueId);
      if (members === undefined) this.#queues.set(queueId, (members = new Set()));
      members.add(send);
      this.#joined.add(queueId);
    }
    this.#schedule();
    return () => {
      this.#everyone.delete(send);
      for (const queueId of queueIds) {
        const members = this.#queues.get(queueId);
        members?.delete(send);
        if (members?.size === 0) this.#queues.delete(queueId);
      }
    };
  }

  /** Hears the directory's colleague changes (added, renamed, removed) until the returned function is called. */
  readDirectory(send: RawSend): () => void {
    this.#readers.add(send);
    return () => this.#readers.delete(send);
  }

  /** Sends what has gathered now (the timer does this every {@link FLUSH_EVERY_MS}). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const perMember = new Map<RawSend, string[]>();
    for (const queueId of new Set([...this.#pending.keys(), ...this.#joined])) {
      const members = this.#queues.get(queueId);
      const count = this.#count.get(queueId);
      if (members === undefined || members.size === 0 || count === undefined) continue;
      const pending = this.#pending.get(queueId);
      const changes: QueueChange[] = pending === undefined ? [] : [...(pending.reset !== undefined ? [pending.reset] : []), ...pending.byKey.values()];
      // Nothing a member sees changed (what came also went, and the count is as last sent): send nothing at all.
      if (changes.length === 0 && count === this.#sentCount.get(queueId) && !this.#joined.has(queueId)) continue;
      if (changes.length === 0 || changes[changes.length - 1]?.count !== count) changes.push({ type: 'waiting.count', queueId, count });
      this.#sentCount.set(queueId, count);
      // Serialized once per queue; each member's frame is its queues' pieces joined.
      const piece = JSON.stringify(changes).slice(1, -1);
      for (const send of members) {
        const pieces = perMember.get(send);
        if (pieces === undefined) perMember.set(send, [piece]);
        else pieces.push(piece);
      }
    }
    this.#pending.clear();
    this.#joined.clear();
    for (const [send, pieces] of perMember) send(`{"type":"desk.changes","changes":[${pieces.join(',')}]}`);
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const s of this.#subscriptions) s.unsubscribe();
  }

  #onQueue(change: QueueChange): void {
    this.#count.set(change.queueId, change.count);
    if (!this.#queues.has(change.queueId)) return;
    let pending = this.#pending.get(change.queueId);
    if (pending === undefined) this.#pending.set(change.queueId, (pending = { byKey: new Map(), addedHere: new Set() }));
    switch (change.type) {
      case 'waiting.reset':
        pending.reset = change;
        pending.byKey.clear();
        pending.addedHere.clear();
        break;
      case 'waiting.added':
      case 'waiting.changed': {
        const key = change.entry.key;
        if (change.type === 'waiting.added') pending.addedHere.add(key);
        // Re-inserted so the batch keeps the order of each entry's last change.
        pending.byKey.delete(key);
        pending.byKey.set(key, change);
        break;
      }
      case 'waiting.removed':
        pending.byKey.delete(change.key);
        if (pending.addedHere.has(change.key)) pending.addedHere.delete(change.key);
        else pending.byKey.set(change.key, change);
        break;
      default:
    }
    this.#schedule();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => this.flush(), FLUSH_EVERY_MS);
  }

  #onDirectory(change: DirectoryChange): void {
    const colleague = change.type === 'directory.agent' || change.type === 'directory.agentRemoved';
    const to = colleague ? this.#readers : this.#everyone;
    if (to.size === 0) return;
    // Pending queue changes first, so each tab sees changes in the order they happened.
    this.flush();
    const raw = JSON.stringify({ type: 'desk.change', change });
    for (const send of to) send(raw);
  }
}
