import type { Strategy } from '../types';
import { tiered } from './compareBase';

/**
 * Offers to an agent chosen uniformly at random within the best penalty tier, from the engine's injected random
 * source (seeded, so runs are reproducible).
 *
 * @example
 * ```ts
 * createEngine({ random: createRandom(7), queues: [{ id: 'q', name: 'Q', strategy: 'random', closeStatuses: ['done'] }], agents });
 * ```
 */
export const random: Strategy = {
  name: 'random',
  kind: 'random',
  compare: tiered(() => 0),
};
