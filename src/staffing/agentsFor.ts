import { erlangA } from './erlangA';
import { erlangBStep } from './erlangB';
import { erlangCFromBlocking } from './erlangC';
import type { AgentsForInput, AgentsForResult, ErlangCResult } from './types';
import { requireNonNegative, requirePositive, requireShare, requireWaitThreshold } from './validate';

/**
 * The smallest number of agents that answers at least `serviceLevel.target` of the chats within
 * `serviceLevel.withinSec` seconds (and keeps occupancy <= `maxOccupancy` when given). Uses Erlang C, or
 * Erlang A when `patienceSec` is given (then abandoned chats count as not answered in time).
 *
 * The search is exact: it starts from a bound below which no staffing can qualify and steps up one agent at a
 * time, so the answer is the first N that passes, with `N − 1` failing. Under Erlang C only stable staffings
 * (N > A) qualify, and stepping reuses the O(1) Erlang B recursion, so even ten thousand Erlangs cost one pass.
 *
 * Throws `ChatrouteError('invalid-argument')` for a negative or non-finite rate, a handling time or patience that
 * is not a finite number > 0, a target outside [0, 1) (1 is never reached: some chats always wait or abandon),
 * a negative or NaN `withinSec`, or a `maxOccupancy` outside (0, 1].
 *
 * @example
 * ```ts
 * import { agentsFor } from 'chatroute/staffing';
 * // 360 chats an hour, 3 minutes each (18 Erlangs), 80% answered within 20 s.
 * const plan = agentsFor({ arrivalRatePerSec: 0.1, ahtSec: 180, serviceLevel: { target: 0.8, withinSec: 20 } });
 * plan.agents; // 22 (21 agents reach only ≈ 0.716)
 * plan.serviceLevel; // ≈ 0.8217
 * ```
 */
export function agentsFor(input: AgentsForInput): AgentsForResult {
  const { arrivalRatePerSec, ahtSec, serviceLevel, maxOccupancy, patienceSec } = input;
  requireNonNegative('agentsFor', 'arrivalRatePerSec', arrivalRatePerSec);
  requirePositive('agentsFor', 'ahtSec', ahtSec);
  requireNonNegative('agentsFor', 'arrivalRatePerSec × ahtSec', arrivalRatePerSec * ahtSec);
  // Optional chaining so a missing goal from untyped callers fails as a bad argument, not a TypeError.
  const target = serviceLevel?.target;
  const withinSec = serviceLevel?.withinSec;
  requireShare('agentsFor', 'serviceLevel.target', target, '[0, 1)');
  requireWaitThreshold('agentsFor serviceLevel.withinSec', withinSec);
  if (maxOccupancy !== undefined) requireShare('agentsFor', 'maxOccupancy', maxOccupancy, '(0, 1]');
  if (patienceSec !== undefined) requirePositive('agentsFor', 'patienceSec', patienceSec);

  const meets = (result: ErlangCResult): boolean =>
    result.serviceLevel(withinSec) >= target && (maxOccupancy === undefined || result.occupancy <= maxOccupancy);
  const summary = (agents: number, result: ErlangCResult): AgentsForResult => ({
    agents,
    probWait: result.probWait,
    serviceLevel: result.serviceLevel(withinSec),
    asaSec: result.asaSec,
    occupancy: result.occupancy,
  });

  const offeredLoad = arrivalRatePerSec * ahtSec;
  if (patienceSec === undefined) {
    // Erlang C: N <= A is unstable (nothing answered in time, occupancy 1), so the first candidate is ⌊A⌋ + 1.
    // Walk the Erlang B recursion from 0 to there and on, one O(1) step per agent.
    const first = Math.floor(offeredLoad) + 1;
    let blocking = 1;
    for (let n = 1; n < first; n++) blocking = erlangBStep(offeredLoad, n, blocking);
    for (let agents = first; ; agents++) {
      blocking = erlangBStep(offeredLoad, agents, blocking);
      const result = erlangCFromBlocking(arrivalRatePerSec, ahtSec, agents, blocking);
      if (meets(result)) return summary(agents, result);
    }
  }

  // Erlang A: N agents carry at most N Erlangs, so at least 1 − N/A of the chats abandon and the service level is
  // at most N/A; no N below target·A qualifies. The margin absorbs rounding of that bound against the computed
  // service level. Each step costs O(N + waiting states) and the walk spans about (1 − target)·A plus the safety
  // staffing: milliseconds for hundreds of Erlangs, a few seconds at 10 000 Erlangs with long patience.
  const first = Math.max(1, Math.floor(target * offeredLoad * (1 - 1e-9)));
  for (let agents = first; ; agents++) {
    const result = erlangA({ arrivalRatePerSec, ahtSec, patienceSec, agents });
    if (meets(result)) return summary(agents, result);
  }
}
