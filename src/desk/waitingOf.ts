import type { Desk } from './deskTypes';
import type { DeskState, WaitingEntry } from './types';

/**
 * Serving order of waiting entries: higher priority first, then earlier enqueue time, then creation order (the
 * routing order, `compareTasks`).
 *
 * @example
 * ```ts
 * entries.sort(compareEntries);
 * ```
 */
export function compareEntries(a: WaitingEntry, b: WaitingEntry): number {
  return b.activity.priority - a.activity.priority || a.activity.enqueuedAt - b.activity.enqueuedAt || a.seq - b.seq;
}

/**
 * An agent's waiting list as its desk shows it, derived from what the desk holds: the windows of its member queues
 * (shared), what waits for the agent alone, and the keys it does not see. `count` is exact (every queue's count is);
 * `items` are the `limit` most urgent visible entries.
 *
 * @example
 * ```ts
 * const { count, items } = waitingOf(state); // what `state.desk.waiting` holds
 * ```
 */
export function waitingOf(state: Pick<DeskState, 'queues' | 'targeted' | 'hidden' | 'limit'>): Desk['waiting'] {
  const hidden = new Set(state.hidden);
  let count = state.targeted.length - hidden.size;
  const visible: WaitingEntry[] = [...state.targeted];
  for (const queueId in state.queues) {
    const window = state.queues[queueId] as DeskState['queues'][string];
    count += window.count;
    for (const entry of window.entries) if (!hidden.has(entry.key)) visible.push(entry);
  }
  visible.sort(compareEntries);
  if (visible.length > state.limit) visible.length = state.limit;
  return Object.freeze({ count, items: Object.freeze(visible.map((e) => e.activity)) });
}
