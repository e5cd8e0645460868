import type { Strategy } from '../types';
import { tiered } from './compareBase';

/**
 * Offers in turn: the agent this queue offered to least recently goes first (round-robin with memory), so an
 * agent who was skipped while busy is next when free.
 *
 * @example
 * ```ts
 * createEngine({ queues: [{ id: 'q', name: 'Q', strategy: 'round-robin', closeStatuses: ['done'] }], agents });
 * ```
 */
export const roundRobin: Strategy = {
  name: 'round-robin',
  kind: 'ordered',
  compare: tiered((a, b) => a.lastOfferedAt - b.lastOfferedAt),
};
