/**
 * `chatroute/staffing`: pure queueing formulas for planning how many agents a chat queue needs.
 *
 * - {@link erlangB}: blocking probability of a loss system.
 * - {@link erlangC}: waiting, ASA and service level of an M/M/N queue.
 * - {@link erlangA}: the same with abandonment (M/M/N+M), exact from the birth–death chain.
 * - {@link agentsFor}: the smallest staffing that meets a service-level goal.
 *
 * @example
 * ```ts
 * import { agentsFor, erlangC } from 'chatroute/staffing';
 * const plan = agentsFor({ arrivalRatePerSec: 0.1, ahtSec: 180, serviceLevel: { target: 0.8, withinSec: 20 } });
 * erlangC({ arrivalRatePerSec: 0.1, ahtSec: 180, agents: plan.agents }).asaSec; // ≈ 12.5
 * ```
 *
 * @packageDocumentation
 */
export { agentsFor } from './agentsFor';
export { erlangA } from './erlangA';
export { erlangB } from './erlangB';
export { erlangC } from './erlangC';
export type {
  AgentsForInput,
  AgentsForResult,
  ErlangAInput,
  ErlangAResult,
  ErlangBInput,
  ErlangCInput,
  ErlangCResult,
} from './types';
