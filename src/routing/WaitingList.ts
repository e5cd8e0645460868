import type { RoutingTask } from './types';

/** Serving order: higher priority first, then earlier enqueue time, then creation order. */
export function compareTasks(a: RoutingTask, b: RoutingTask): number {
  return b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
}

/**
 * Tasks waiting in one queue, sorted in serving order. New chats append at the tail and offers take from the
 * head, both O(1): the head is an index into the array, compacted once the dead prefix is as long as the live part
 * (so `shift()` never moves ten thousand entries per offer). A requeued chat keeps its original enqueue time and
 * goes back to its place by binary search.
 */
export class WaitingList {
  #items: RoutingTask[] = [];
  #head = 0;

  /** `compare` must not change its verdict over time for tasks in the list (see `agingCompare`). */
  constructor(private readonly compare: (a: RoutingTask, b: RoutingTask) => number = compareTasks) {}

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** The task at a position in serving order (0 = next to serve). */
  at(index: number): RoutingTask | undefined {
    return this.#items[this.#head + index];
  }

  insert(task: RoutingTask): void {
    const items = this.#items;
    const last = items[items.length - 1];
    if (this.size === 0 || this.compare(last as RoutingTask, task) <= 0) {
      items.push(task);
      return;
    }
    items.splice(this.#lowerBound(task), 0, task);
  }

  remove(task: RoutingTask): boolean {
    const items = this.#items;
    if (items[this.#head] === task) {
      items[this.#head++] = undefined as unknown as RoutingTask;
      if (this.#head === items.length) {
        this.#items = [];
        this.#head = 0;
      } else if (this.#head > 32 && this.#head * 2 > items.length) {
        this.#items = items.slice(this.#head);
        this.#head = 0;
      }
      return true;
    }
    const index = this.#lowerBound(task);
    if (items[index] !== task) return false;
    items.splice(index, 1);
    return true;
  }

  #lowerBound(task: RoutingTask): number {
    let lo = this.#head;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.#items[mid] as RoutingTask, task) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  *[Symbol.iterator](): IterableIterator<RoutingTask> {
    for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i] as RoutingTask;
  }
}
