/** Small statistics helpers for benchmarks: medians of runs, percentiles of samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Runs `fn` `runs` times (after one warm-up run) and returns every result. */
export function repeat<T>(runs: number, fn: () => T): T[] {
  fn();
  return Array.from({ length: runs }, fn);
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
