import type { StrategyName } from '../../model/config';
import type { RandomSource } from '../../random/createRandom';
import type { Candidate, Strategy } from '../types';
import { leastBusy } from './leastBusy';
import { longestIdle } from './longestIdle';
import { random } from './random';
import { ringAll } from './ringAll';
import { roundRobin } from './roundRobin';

/**
 * Every routing strategy by name, for {@link selectAgents} and for tests of custom configurations.
 *
 * @example
 * ```ts
 * import { strategies } from 'chatroute';
 * strategies['ring-all'].kind; // 'all'
 * ```
 */
export const strategies: Readonly<Record<StrategyName, Strategy>> = {
  'longest-idle': longestIdle,
  'least-busy': leastBusy,
  'round-robin': roundRobin,
  'ring-all': ringAll,
  random,
};

/**
 * The reference semantics of a strategy as a pure function: which of these eligible candidates get the offer.
 * The router keeps indexes that make the same choice without scanning every candidate; tests hold the two equal.
 *
 * @example
 * ```ts
 * import { selectAgents, strategies } from 'chatroute';
 * selectAgents(strategies['longest-idle'], candidates, Math.random); // → [the longest-idle candidate]
 * ```
 */
export function selectAgents(strategy: Strategy, candidates: readonly Candidate[], rng: RandomSource): Candidate[] {
  if (candidates.length === 0) return [];
  const bestPenalty = Math.min(...candidates.map((c) => c.penalty));
  const tier = candidates.filter((c) => c.penalty === bestPenalty).sort(strategy.compare);
  if (strategy.kind === 'all') return tier;
  if (strategy.kind === 'random') return [tier[Math.floor(rng() * tier.length)] as Candidate];
  return [tier[0] as Candidate];
}
