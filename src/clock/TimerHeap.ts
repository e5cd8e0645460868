/** A pending timer. `position` is its index in the heap, or -1 once fired or cancelled. */
export interface TimerEntry {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
  position: number;
}

/**
 * Indexed binary min-heap of timers ordered by (due, order). Scheduling, cancelling and popping are O(log n),
 * so a simulation with tens of thousands of pending timers stays fast (the re-sort-on-schedule approach of
 * XState's `SimulatedClock` and rxjs's `VirtualTimeScheduler` is O(n log n) per schedule).
 */
export class TimerHeap {
  #items: TimerEntry[] = [];
  #order = 0;

  get size(): number {
    return this.#items.length;
  }

  peek(): TimerEntry | undefined {
    return this.#items[0];
  }

  push(due: number, callback: () => void): TimerEntry {
    const entry: TimerEntry = { due, order: this.#order++, callback, position: this.#items.length };
    this.#items.push(entry);
    this.#up(entry.position);
    return entry;
  }

  pop(): TimerEntry | undefined {
    const top = this.#items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(entry: TimerEntry): boolean {
    const index = entry.position;
    if (index < 0 || this.#items[index] !== entry) return false;
    const last = this.#items.pop() as TimerEntry;
    entry.position = -1;
    if (last !== entry) {
      this.#items[index] = last;
      last.position = index;
      this.#down(index);
      this.#up(last.position);
    }
    return true;
  }

  #less(a: TimerEntry, b: TimerEntry): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const a = items[i] as TimerEntry;
    const b = items[j] as TimerEntry;
    items[i] = b;
    items[j] = a;
    b.position = i;
    a.position = j;
  }

  #up(index: number): void {
    const items = this.#items;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#less(items[index] as TimerEntry, items[parent] as TimerEntry)) break;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(index: number): void {
    const items = this.#items;
    const n = items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      let smallest = left;
      if (right < n && this.#less(items[right] as TimerEntry, items[left] as TimerEntry)) smallest = right;
      if (!this.#less(items[smallest] as TimerEntry, items[index] as TimerEntry)) break;
      this.#swap(index, smallest);
      index = smallest;
    }
  }
}
