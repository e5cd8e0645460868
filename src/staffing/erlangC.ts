import { erlangB } from './erlangB';
import type { ErlangCInput, ErlangCResult } from './types';
import { requireAgents, requireNonNegative, requirePositive, requireWaitThreshold } from './validate';

/**
 * Erlang C figures on `agents` agents given the Erlang B blocking probability for the same load and agents.
 *
 * Exposed inside the package so {@link agentsFor} can step N upward with the O(1) Erlang B recursion and still get
 * exactly the numbers {@link erlangC} reports. Arguments are assumed valid.
 *
 * @example
 * ```ts
 * erlangCFromBlocking(1, 2, 3, 4 / 19).probWait; // A = 2 Erlangs on 3 agents, B = 4/19: 4/9
 * ```
 */
export function erlangCFromBlocking(
  arrivalRatePerSec: number,
  ahtSec: number,
  agents: number,
  blocking: number,
): ErlangCResult {
  const offeredLoad = arrivalRatePerSec * ahtSec;
  if (agents <= offeredLoad) {
    // No stationary regime: the queue grows without bound, so every arrival waits and none within any finite t.
    return { offeredLoad, probWait: 1, asaSec: Infinity, serviceLevel: unstableServiceLevel, occupancy: 1 };
  }
  // C = N·B / (N − A·(1 − B)) rewrites Aᴺ/N!·N/(N−A) / (Σ Aⁿ/n! + …) in terms of B, which the recursion
  // computes without factorials; the denominator is N − A + A·B > 0 on a stable queue, and C <= 1 up to rounding.
  const probWait = Math.min(1, (agents * blocking) / (agents - offeredLoad * (1 - blocking)));
  const spare = agents - offeredLoad;
  // Given a wait, it is exponential with rate (N − A)/aht (the queue drains at N·μ − λ): ASA = C·aht/(N − A)
  // and P(wait > t) = C·exp(−(N − A)·t/aht).
  const asaSec = (probWait * ahtSec) / spare;
  const serviceLevel = (tSec: number): number => {
    requireWaitThreshold('erlangC serviceLevel', tSec);
    return clamp01(1 - probWait * Math.exp((-spare * tSec) / ahtSec));
  };
  return { offeredLoad, probWait, asaSec, serviceLevel, occupancy: offeredLoad / agents };
}

/**
 * Erlang C: waiting figures for an M/M/N queue (Poisson arrivals, exponential handling, patient customers).
 * Stable for thousands of agents because it goes through the Erlang B recursion, never factorials or powers.
 *
 * When `agents <= offeredLoad` the queue is unstable; rather than throwing, the result reports the limits:
 * `probWait` 1, `asaSec` Infinity, `serviceLevel(t)` 0 and `occupancy` 1.
 *
 * Throws `ChatrouteError('invalid-argument')` for a negative or non-finite arrival rate, a handling time that is
 * not a finite number > 0, or `agents` that is not an integer >= 1; `serviceLevel(t)` throws for a negative or
 * NaN `t`.
 *
 * @example
 * ```ts
 * import { erlangC } from 'chatroute/staffing';
 * // 360 chats an hour, 3 minutes each: A = 18 Erlangs on 22 agents.
 * const queue = erlangC({ arrivalRatePerSec: 0.1, ahtSec: 180, agents: 22 });
 * queue.probWait; // ≈ 0.2781
 * queue.serviceLevel(20); // ≈ 0.8217 answered within 20 s
 * queue.asaSec; // ≈ 12.5 s
 * ```
 */
export function erlangC(input: ErlangCInput): ErlangCResult {
  const { arrivalRatePerSec, ahtSec, agents } = input;
  requireNonNegative('erlangC', 'arrivalRatePerSec', arrivalRatePerSec);
  requirePositive('erlangC', 'ahtSec', ahtSec);
  requireAgents('erlangC', agents, 1);
  const offeredLoad = arrivalRatePerSec * ahtSec;
  requireNonNegative('erlangC', 'arrivalRatePerSec × ahtSec', offeredLoad);
  // Skip the O(N) recursion on an unstable queue: its answer is fixed.
  const blocking = agents <= offeredLoad ? 1 : erlangB({ offeredLoad, agents });
  return erlangCFromBlocking(arrivalRatePerSec, ahtSec, agents, blocking);
}

function unstableServiceLevel(tSec: number): number {
  requireWaitThreshold('erlangC serviceLevel', tSec);
  return 0;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
