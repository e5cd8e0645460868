import type { WideningStep } from '../model/policies';

/**
 * Widening over time (the Genesys "bullseye"): the highest penalty eligible for a chat that has waited `waitedMs` in
 * its queue. Without steps every penalty is eligible (strict tiers only). With steps, penalty 0 is the inner ring and
 * each step reached opens the rings up to its `maxPenalty`.
 *
 * @example
 * ```ts
 * openPenalty([{ afterMs: 30_000, maxPenalty: 2 }], 10_000); // 0
 * openPenalty([{ afterMs: 30_000, maxPenalty: 2 }], 30_000); // 2
 * ```
 */
export function openPenalty(steps: readonly WideningStep[] | undefined, waitedMs: number): number {
  if (steps === undefined) return Number.POSITIVE_INFINITY;
  let open = 0;
  for (const step of steps) if (step.afterMs <= waitedMs && step.maxPenalty > open) open = step.maxPenalty;
  return open;
}

/** The waits (from entering the queue) at which widening changes who is eligible. */
export function wideningThresholds(steps: readonly WideningStep[] | undefined): readonly number[] {
  return steps === undefined ? [] : steps.map((s) => s.afterMs);
}
