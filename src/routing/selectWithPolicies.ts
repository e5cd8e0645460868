import { reservationHolder } from '../policies/affinity';
import { chooseInTier, mostProficient, openFor, relaxedFor } from '../policies/compose';
import { meetsSkills } from '../policies/skills';
import type { RoutingPolicy } from '../model/policies';
import type { RandomSource } from '../random/createRandom';
import type { AgentPool } from './AgentPool';
import type { AgentRoutingState, Candidate, RoutingTask, Strategy } from './types';

/** What the router lends {@link selectWithPolicies} of an agent. */
export interface PolicyAgent {
  readonly state: AgentRoutingState | undefined;
  readonly penalties: ReadonlyMap<string, number>;
  readonly skills: ReadonlyMap<string, number> | undefined;
}

/**
 * The router's side of `selectForTask` (policies/compose.ts), in the same order: declines and skills filter, the
 * reservation narrows to the preferred agent, widening caps the penalty, then the best tier, proficiency, strategy.
 * The pool is walked in strategy order only as far as the first tier with an eligible agent, and an ordered strategy
 * without a proficiency preference stops at the first eligible agent. Returns the agents to offer to.
 *
 * @example
 * ```ts
 * selectWithPolicies(pool, strategy, policy, queueId, task, now, agentOf, coolingDown, rng); // → ['alice']
 * ```
 */
export function selectWithPolicies(
  pool: AgentPool,
  strategy: Strategy,
  policy: RoutingPolicy | undefined,
  queueId: string,
  task: RoutingTask,
  now: number,
  agentOf: (agentId: string) => PolicyAgent | undefined,
  coolingDown: (agentId: string) => boolean,
  rng: RandomSource,
): string[] {
  const required = task.policy?.skills;
  const relaxed = relaxedFor(policy, task, now);
  const eligible = (agentId: string): boolean => !task.exclude?.has(agentId) && !coolingDown(agentId) && meetsSkills(agentOf(agentId)?.skills, required, relaxed);
  const holder = reservationHolder(task.policy, now, (agentId) => {
    const agent = agentOf(agentId);
    const state = agent?.state;
    return state !== undefined && state.online && state.loggedInQueues.has(queueId) && agent?.penalties.has(queueId) === true && eligible(agentId);
  });
  let tier: Candidate[];
  if (holder !== undefined) {
    const candidate = pool.get(holder);
    tier = candidate === undefined ? [] : [candidate];
  } else {
    const whole = strategy.kind !== 'ordered' || (policy?.preferProficiency === true && required !== undefined);
    tier = pool.selectTier(eligible, openFor(policy, task, now), whole);
  }
  if (tier.length === 0) return [];
  if (policy?.preferProficiency === true && required !== undefined) {
    tier = mostProficient(tier.map((c) => ({ c, skills: agentOf(c.agentId)?.skills })), required).map((x) => x.c);
  }
  return chooseInTier(strategy, tier, rng).map((c) => c.agentId);
}
