import type { HistogramData } from './types';

/** Latency bounds in milliseconds: 50 µs to 10 s, roughly ×2.5 apart (what an operator alerts on lies inside). */
export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze([0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]);

/** A fixed-bucket histogram: O(buckets) per observation at worst, no allocation. */
export class Histogram {
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[] = LATENCY_BOUNDS_MS) {
    this.#bounds = bounds;
    this.#counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (this.#counts as number[])[i] = (this.#counts[i] as number) + 1;
    this.#sum += value;
    this.#count++;
  }

  data(): HistogramData {
    return Object.freeze({ bounds: this.#bounds, counts: Object.freeze([...this.#counts]), sum: this.#sum, count: this.#count });
  }
}
