import type { Strategy } from '../types';
import { tiered } from './compareBase';

/**
 * Offers to the agent with the fewest slots in use (offers + chats), then the longest idle. Suits agents
 * with capacity above one: concurrent chats are spread before anyone gets a second.
 *
 * @example
 * ```ts
 * createEngine({ queues: [{ id: 'q', name: 'Q', strategy: 'least-busy', closeStatuses: ['done'] }], agents });
 * ```
 */
export const leastBusy: Strategy = {
  name: 'least-busy',
  kind: 'ordered',
  compare: tiered((a, b) => a.slotsUsed - b.slotsUsed || a.idleSince - b.idleSince),
};
