/**
 * A plain binary min-heap under a fixed comparator. The router keeps stale entries in it and drops them when they
 * come to the top (lazy deletion), so it needs no positions and no removal by key.
 *
 * @example
 * ```ts
 * const heap = new Heap<number>((a, b) => a - b);
 * heap.push(3); heap.push(1);
 * heap.peek(); // 1
 * ```
 */
export class Heap<T> {
  #items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.compare(items[index] as T, items[parent] as T) >= 0) break;
      [items[index], items[parent]] = [items[parent] as T, items[index] as T];
      index = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop() as T;
    if (items.length === 0) return top;
    items[0] = last;
    let index = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      let best = left;
      if (right < n && this.compare(items[right] as T, items[left] as T) < 0) best = right;
      if (this.compare(items[best] as T, items[index] as T) >= 0) break;
      [items[index], items[best]] = [items[best] as T, items[index] as T];
      index = best;
    }
    return top;
  }

  /** Keeps only the entries `keep` accepts (a rebuild, when stale entries pile up). */
  retain(keep: (item: T) => boolean): void {
    const items = this.#items.filter(keep);
    this.#items = [];
    for (const item of items) this.push(item);
  }
}
