import type { Strategy } from '../types';
import { tiered } from './compareBase';

/**
 * Offers to the agent idle the longest: the earliest last login, resume, or chat taken or ended.
 * The default strategy; it spreads work evenly over a day.
 *
 * @example
 * ```ts
 * createEngine({ queues: [{ id: 'q', name: 'Q', strategy: 'longest-idle', closeStatuses: ['done'] }], agents });
 * ```
 */
export const longestIdle: Strategy = {
  name: 'longest-idle',
  kind: 'ordered',
  compare: tiered((a, b) => a.idleSince - b.idleSince),
};
