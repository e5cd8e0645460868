import type { Estimate, SimulationFigures } from './types';

/** What the simulator remembers of one chat that arrived after the warm-up. */
export interface ChatRecord {
  readonly queueId: string;
  readonly arrivedAt: number;
  answeredAt?: number;
  /** Time until the offer the answering agent accepted (or until picked): the wait for an agent. */
  queueWaitMs?: number;
  abandonedAt?: number;
  closedAt?: number;
}

/** Seconds a chat waited, or undefined while undecided. */
const waitOf = (r: ChatRecord): number | undefined => (r.answeredAt !== undefined ? (r.answeredAt - r.arrivedAt) / 1000 : undefined);

/** Figures of a set of chat records, with the queue's service-level target in seconds. */
export function figuresOf(records: readonly ChatRecord[], slSecOf: (queueId: string) => number): SimulationFigures {
  let answered = 0;
  let abandoned = 0;
  let waited = 0;
  let waitSum = 0;
  let withinSl = 0;
  let handleSum = 0;
  let handled = 0;
  for (const r of records) {
    const wait = waitOf(r);
    if (wait !== undefined) {
      answered++;
      waitSum += wait;
      if ((r.queueWaitMs ?? 0) > 0) waited++;
      if (wait <= slSecOf(r.queueId)) withinSl++;
      if (r.closedAt !== undefined) {
        handled++;
        handleSum += (r.closedAt - (r.answeredAt as number)) / 1000;
      }
    } else if (r.abandonedAt !== undefined) {
      abandoned++;
    }
  }
  const offered = records.length;
  return {
    offered,
    answered,
    abandoned,
    probWait: answered === 0 ? 0 : waited / answered,
    asaSec: answered === 0 ? 0 : waitSum / answered,
    serviceLevel: offered === 0 ? 1 : withinSl / offered,
    abandonRate: offered === 0 ? 0 : abandoned / offered,
    answeredWithinSl: withinSl,
    ahtSec: handled === 0 ? 0 : handleSum / handled,
  };
}

// Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom; beyond, the normal's is close enough.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Student's t 97.5 % quantile: a 95 % two-sided interval. */
export function t975(df: number): number {
  return df <= 30 ? (T975[Math.max(1, df) - 1] as number) : 1.96 + 2.4 / df;
}

/**
 * A 95 % confidence interval by batch means: the post-warm-up period is cut into equal batches by arrival time,
 * the figure is computed per batch, and the batch values, nearly independent when batches are long, give
 * mean ± t·s/√k. Batches without data for the figure (no answered chat for ASA) are left out.
 */
export function batchMeans(values: readonly number[]): Estimate {
  const xs = values.filter((v) => Number.isFinite(v));
  const k = xs.length;
  if (k === 0) return { mean: 0, low: 0, high: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / k;
  if (k === 1) return { mean, low: mean, high: mean };
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  const half = t975(k - 1) * Math.sqrt(variance / k);
  return { mean, low: mean - half, high: mean + half };
}

/** Splits records into `k` batches by arrival time over [fromMs, toMs). */
export function batchesOf(records: readonly ChatRecord[], fromMs: number, toMs: number, k: number): ChatRecord[][] {
  const batches: ChatRecord[][] = Array.from({ length: k }, () => []);
  const width = (toMs - fromMs) / k;
  for (const r of records) {
    const i = Math.min(k - 1, Math.floor((r.arrivedAt - fromMs) / width));
    (batches[i] as ChatRecord[]).push(r);
  }
  return batches;
}
