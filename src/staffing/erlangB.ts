import type { ErlangBInput } from './types';
import { requireAgents, requireNonNegative } from './validate';

/**
 * One step of the Erlang B recursion: the blocking probability on `agents` agents from the one on `agents - 1`.
 *
 * B(n) = A·B(n−1) / (n + A·B(n−1)) only ever divides a positive number by a larger one, so every iterate stays
 * in [0, 1] and the error does not grow with n; the textbook form Aᴺ/N! / Σ Aⁿ/n! overflows near N = 170.
 * Exposed inside the package so {@link agentsFor} can walk N upward in O(1) per step.
 *
 * @example
 * ```ts
 * erlangBStep(2, 1, 1); // B(1) for A = 2: 2/3
 * ```
 */
export function erlangBStep(offeredLoad: number, agents: number, previous: number): number {
  const carried = offeredLoad * previous;
  return carried / (agents + carried);
}

/**
 * Erlang B: the probability that an arrival finds all `agents` busy in a loss system (M/M/N/N, no queue), which
 * is also the time-fraction all agents are busy. Computed with the stable recursion B(0) = 1,
 * B(n) = A·B(n−1) / (n + A·B(n−1)), so thousands of agents are fine.
 *
 * Throws `ChatrouteError('invalid-argument')` when `offeredLoad` is negative, NaN or infinite, or when `agents`
 * is not an integer >= 0.
 *
 * @example
 * ```ts
 * import { erlangB } from 'chatroute/staffing';
 * erlangB({ offeredLoad: 1, agents: 1 }); // 0.5
 * erlangB({ offeredLoad: 10, agents: 10 }); // ≈ 0.21458
 * ```
 */
export function erlangB(input: ErlangBInput): number {
  const { offeredLoad, agents } = input;
  requireNonNegative('erlangB', 'offeredLoad', offeredLoad);
  requireAgents('erlangB', agents, 0);
  let blocking = 1;
  for (let n = 1; n <= agents; n++) {
    blocking = erlangBStep(offeredLoad, n, blocking);
    // Once B underflows to 0 it stays 0; stop early so huge agent counts at tiny loads cost nothing.
    if (blocking === 0) break;
  }
  return blocking;
}
