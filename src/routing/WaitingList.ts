import type { RoutingTask } from './types';

/** Serving order: higher priority first, then earlier enqueue time, then creation order. */
export function compareTasks(a: RoutingTask, b: RoutingTask): number {
  return b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
}

/**
 * Tasks waiting in one queue, sorted in serving order. New chats append at the tail and offers take from the
 * head; a requeued chat keeps its original enqueue time and goes back to its place (binary search).
 */
export class WaitingList {
  readonly #items: RoutingTask[] = [];

  get size(): number {
    return this.#items.length;
  }

  at(index: number): RoutingTask | undefined {
    return this.#items[index];
  }

  insert(task: RoutingTask): void {
    const items = this.#items;
    const last = items[items.length - 1];
    if (last === undefined || compareTasks(last, task) <= 0) {
      items.push(task);
      return;
    }
    items.splice(this.#lowerBound(task), 0, task);
  }

  remove(task: RoutingTask): boolean {
    const items = this.#items;
    if (items[0] === task) {
      items.shift();
      return true;
    }
    const index = this.#lowerBound(task);
    if (items[index] !== task) return false;
    items.splice(index, 1);
    return true;
  }

  #lowerBound(task: RoutingTask): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTasks(this.#items[mid] as RoutingTask, task) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  *[Symbol.iterator](): IterableIterator<RoutingTask> {
    yield* this.#items;
  }
}
