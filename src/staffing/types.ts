/**
 * Input of {@link erlangB}: traffic offered to a group of agents (or lines) with no waiting room.
 *
 * @example
 * ```ts
 * import type { ErlangBInput } from 'chatroute/staffing';
 * const input: ErlangBInput = { offeredLoad: 10, agents: 10 };
 * ```
 */
export interface ErlangBInput {
  /** Offered load A in Erlangs (arrival rate × mean handling time), finite and >= 0. */
  readonly offeredLoad: number;
  /** Number of agents N, an integer >= 0. */
  readonly agents: number;
}

/**
 * Input of {@link erlangC}: an M/M/N queue where every waiting customer stays until answered.
 *
 * @example
 * ```ts
 * import type { ErlangCInput } from 'chatroute/staffing';
 * const input: ErlangCInput = { arrivalRatePerSec: 0.1, ahtSec: 180, agents: 22 };
 * ```
 */
export interface ErlangCInput {
  /** Poisson arrival rate λ in chats per second, finite and >= 0. */
  readonly arrivalRatePerSec: number;
  /** Mean (exponential) handling time in seconds, finite and > 0. */
  readonly ahtSec: number;
  /** Number of agents N, an integer >= 1. */
  readonly agents: number;
}

/**
 * Result of {@link erlangC}. On an unstable queue (agents <= offered load) the waiting figures are the limits:
 * everybody waits, forever.
 *
 * @example
 * ```ts
 * import { erlangC, type ErlangCResult } from 'chatroute/staffing';
 * const result: ErlangCResult = erlangC({ arrivalRatePerSec: 0.1, ahtSec: 180, agents: 22 });
 * result.serviceLevel(20); // ≈ 0.8217
 * ```
 */
export interface ErlangCResult {
  /** A = λ · aht, in Erlangs. */
  readonly offeredLoad: number;
  /** Probability that an arrival finds every agent busy and waits (Erlang C). */
  readonly probWait: number;
  /** Average speed of answer in seconds, over all arrivals (those answered at once count 0). */
  readonly asaSec: number;
  /** Fraction of arrivals answered within `tSec` seconds (`tSec` >= 0, may be `Infinity`). */
  readonly serviceLevel: (tSec: number) => number;
  /** Fraction of time an agent is busy, A / N (1 when unstable). */
  readonly occupancy: number;
}

/**
 * Input of {@link erlangA}: an M/M/N+M queue, where each waiting customer leaves after an exponential patience.
 *
 * @example
 * ```ts
 * import type { ErlangAInput } from 'chatroute/staffing';
 * const input: ErlangAInput = { arrivalRatePerSec: 0.1, ahtSec: 180, patienceSec: 120, agents: 20 };
 * ```
 */
export interface ErlangAInput extends ErlangCInput {
  /** Mean patience of a waiting customer in seconds, finite and > 0. */
  readonly patienceSec: number;
}

/**
 * Result of {@link erlangA}. Always finite: abandonment keeps the queue stable at any load.
 *
 * @example
 * ```ts
 * import { erlangA, type ErlangAResult } from 'chatroute/staffing';
 * const result: ErlangAResult = erlangA({ arrivalRatePerSec: 0.1, ahtSec: 180, patienceSec: 120, agents: 18 });
 * result.probAbandon; // share of chats that give up before an agent picks them
 * ```
 */
export interface ErlangAResult extends ErlangCResult {
  /** Share of arrivals that abandon before being answered. */
  readonly probAbandon: number;
  /** Mean time in queue over all arrivals, answered or abandoned (Little's law: E[queue] / λ). */
  readonly meanWaitSec: number;
}

/**
 * Input of {@link agentsFor}: the load and the service-level goal to staff for.
 *
 * @example
 * ```ts
 * import type { AgentsForInput } from 'chatroute/staffing';
 * const input: AgentsForInput = {
 *   arrivalRatePerSec: 0.1,
 *   ahtSec: 180,
 *   serviceLevel: { target: 0.8, withinSec: 20 },
 *   maxOccupancy: 0.85,
 * };
 * ```
 */
export interface AgentsForInput {
  /** Poisson arrival rate λ in chats per second, finite and >= 0. */
  readonly arrivalRatePerSec: number;
  /** Mean handling time in seconds, finite and > 0. */
  readonly ahtSec: number;
  /** Answer at least `target` (in [0, 1)) of the arrivals within `withinSec` seconds (>= 0). */
  readonly serviceLevel: { readonly target: number; readonly withinSec: number };
  /** Upper bound on occupancy, in (0, 1]. */
  readonly maxOccupancy?: number;
  /** Mean patience in seconds; when given, staff with Erlang A instead of Erlang C. */
  readonly patienceSec?: number;
}

/**
 * Result of {@link agentsFor}: the smallest staffing meeting the goal, and how it performs.
 *
 * @example
 * ```ts
 * import { agentsFor, type AgentsForResult } from 'chatroute/staffing';
 * const plan: AgentsForResult = agentsFor({
 *   arrivalRatePerSec: 0.1,
 *   ahtSec: 180,
 *   serviceLevel: { target: 0.8, withinSec: 20 },
 * });
 * plan.agents; // 22
 * ```
 */
export interface AgentsForResult {
  /** The smallest number of agents that meets the goal. */
  readonly agents: number;
  /** Probability of waiting at that staffing. */
  readonly probWait: number;
  /** Service level reached at `withinSec`. */
  readonly serviceLevel: number;
  /** Average speed of answer in seconds. */
  readonly asaSec: number;
  /** Agent occupancy. */
  readonly occupancy: number;
}
