import type { WrapUpPolicy } from '../model/policies';

/**
 * After-chat work: when an agent leaves a closed chat of a queue with a wrap-up policy, one of their slots stays held
 * (or, with `hold: 'agent'`, they get no new offers at all) for `ms` or until `agent.wrapUpDone`. The time counts in
 * `TimeInState.wrapUp` while the agent has wrap-ups and no chat. Returns what the engine needs to start one.
 *
 * @example
 * ```ts
 * wrapUpOf({ ms: 15_000 }); // { ms: 15_000, whole: false }
 * ```
 */
export function wrapUpOf(policy: WrapUpPolicy | undefined): { ms: number; whole: boolean } | undefined {
  if (policy === undefined || policy.ms <= 0) return undefined;
  return { ms: policy.ms, whole: policy.hold === 'agent' };
}
