import type { Strategy } from '../types';
import { tiered } from './compareBase';

/**
 * Offers each chat to every eligible agent of the best penalty tier at once; the first to accept wins and the
 * other offers are withdrawn. Fast answers at the cost of interrupting everyone.
 *
 * @example
 * ```ts
 * createEngine({ queues: [{ id: 'vip', name: 'VIP', strategy: 'ring-all', closeStatuses: ['done'] }], agents });
 * ```
 */
export const ringAll: Strategy = {
  name: 'ring-all',
  kind: 'all',
  compare: tiered(() => 0),
};
