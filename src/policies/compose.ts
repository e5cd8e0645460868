import type { RandomSource } from '../random/createRandom';
import type { Candidate, RoutingTask, Strategy } from '../model/routing';
import { reservationHolder } from './affinity';
import { isOpen, nextOpening } from './businessHours';
import { isFull } from './overflow';
import { meetsSkills, proficiency, relaxedSteps } from './skills';
import type { QueuePolicies, RoutingPolicy, TaskPolicy } from '../model/policies';
import { openPenalty, wideningThresholds } from './widening';

/**
 * How the routing policies compose: the one place that fixes their order. Two moments matter.
 *
 * **When a chat starts** ({@link admitChat}), per queue, following overflow targets:
 *  1. business hours: closed → refused (`queue-closed`, with `opensAt`) or the overflow queue;
 *  2. nobody logged in (`overflow.whenNobodyLoggedIn`) → the overflow queue;
 *  3. maximum queue length → refused (`queue-full`) or the overflow queue.
 *
 * **When the router chooses an agent for a waiting chat** ({@link selectForTask}, the reference semantics the router's
 * indexes are held to), among the queue's members who are logged in and free:
 *  1. not turned down: the agent did not reject or miss this chat within the cooldown;
 *  2. skills: the agent meets every required level, relaxed by the steps the wait has reached;
 *  3. affinity: while the chat is reserved and its preferred agent is logged in, meets the skills and has not turned
 *     it down, only that agent (whatever their penalty);
 *  4. widening: penalties up to the ring the wait has opened;
 *  5. the best (lowest) penalty tier left;
 *  6. proficiency (`skills.preferProficiency`): the highest total level in the required skills;
 *  7. the queue's strategy (longest idle, least busy, round robin, ring all, random).
 * Chats are served in order of effective priority (aging), then enqueue time. Maximum wait and wrap-up act by timers.
 *
 * @example
 * ```ts
 * import { EVALUATION_ORDER } from 'chatroute';
 * EVALUATION_ORDER.indexOf('skills') < EVALUATION_ORDER.indexOf('widening'); // true
 * ```
 */
export const EVALUATION_ORDER = [
  'business-hours',
  'nobody-logged-in',
  'max-queue-length',
  'declines',
  'skills',
  'affinity',
  'widening',
  'penalty-tier',
  'proficiency',
  'strategy',
] as const;

/** A free, logged-in member of the queue as the policies see it. */
export interface PolicyCandidate extends Candidate {
  readonly skills: ReadonlyMap<string, number> | undefined;
}

/** Everything {@link selectForTask} decides on. */
export interface SelectionInput {
  readonly strategy: Strategy;
  readonly policy: RoutingPolicy | undefined;
  readonly task: RoutingTask;
  readonly now: number;
  /** Free, logged-in members of the queue. */
  readonly candidates: readonly PolicyCandidate[];
  /** Whether the agent turned this task down within the cooldown (or may not get it at all). */
  readonly declined: (agentId: string) => boolean;
  /** The preferred agent, when logged into the queue (free or not): their skills, else undefined. */
  readonly preferred: { readonly agentId: string; readonly skills: ReadonlyMap<string, number> | undefined } | undefined;
  readonly rng: RandomSource;
}

/** Steps of skill relaxation reached by a task now. */
export function relaxedFor(policy: RoutingPolicy | undefined, task: RoutingTask, now: number): number {
  return policy === undefined || task.policy === undefined ? 0 : relaxedSteps(policy.relaxAfterMs, now - task.policy.since);
}

/** The highest penalty open to a task now (widening). */
export function openFor(policy: RoutingPolicy | undefined, task: RoutingTask, now: number): number {
  return openPenalty(policy?.widening, now - (task.policy?.since ?? task.enqueuedAt));
}

/**
 * The reference semantics of routing with policies, as a pure function: which of these candidates get the offer
 * for this task, in the order of {@link EVALUATION_ORDER}. Draws from `rng` exactly when the strategy is `random`
 * and someone is eligible, as the router does.
 *
 * @example
 * ```ts
 * selectForTask({ strategy: strategies['longest-idle'], policy, task, now, candidates, declined: () => false, preferred: undefined, rng });
 * ```
 */
export function selectForTask(input: SelectionInput): Candidate[] {
  const { policy, task, now } = input;
  const relaxed = relaxedFor(policy, task, now);
  const required = task.policy?.skills;
  const holder = reservationHolder(task.policy, now, (agentId) => input.preferred?.agentId === agentId && !input.declined(agentId) && meetsSkills(input.preferred.skills, required, relaxed));
  let eligible = input.candidates.filter((c) => !input.declined(c.agentId) && meetsSkills(c.skills, required, relaxed));
  if (holder !== undefined) eligible = eligible.filter((c) => c.agentId === holder);
  else {
    const open = openFor(policy, task, now);
    eligible = eligible.filter((c) => c.penalty <= open);
  }
  if (eligible.length === 0) return [];
  const best = Math.min(...eligible.map((c) => c.penalty));
  let tier = eligible.filter((c) => c.penalty === best).sort(input.strategy.compare);
  if (policy?.preferProficiency === true && required !== undefined) tier = mostProficient(tier, required);
  return chooseInTier(input.strategy, tier, input.rng);
}

/** Keeps the candidates with the highest proficiency, in their order. */
export function mostProficient<C extends { readonly skills: ReadonlyMap<string, number> | undefined }>(tier: readonly C[], required: Readonly<Record<string, number>>): C[] {
  let top = Number.NEGATIVE_INFINITY;
  for (const c of tier) top = Math.max(top, proficiency(c.skills, required));
  return tier.filter((c) => proficiency(c.skills, required) === top);
}

/** The strategy's choice within an ordered tier: the first, all (ring-all), or a uniform draw (random). */
export function chooseInTier<C>(strategy: Strategy, tier: readonly C[], rng: RandomSource): C[] {
  if (tier.length === 0) return [];
  if (strategy.kind === 'all') return [...tier];
  if (strategy.kind === 'random') return [tier[Math.floor(rng() * tier.length)] as C];
  return [tier[0] as C];
}

/**
 * The next instant after `now` at which the policies may make someone new eligible for this task (a ring opens, a
 * skill level relaxes, the reservation ends): the engine arms a timer for it so the router looks again (work
 * conservation on the engine clock). `undefined` when nothing will change.
 *
 * @example
 * ```ts
 * nextEligibilityChange(policy, task, now); // e.g. task.policy.since + 30_000, when the next ring opens
 * ```
 */
export function nextEligibilityChange(policy: RoutingPolicy | undefined, task: RoutingTask, now: number): number | undefined {
  const since = task.policy?.since ?? task.enqueuedAt;
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: number) => {
    if (at > now && at < next) next = at;
  };
  if (policy !== undefined) {
    for (const after of wideningThresholds(policy.widening)) consider(since + after);
    if (task.policy?.skills !== undefined) for (const after of policy.relaxAfterMs) consider(since + after);
  }
  if (task.policy?.reservedUntil !== undefined) consider(task.policy.reservedUntil);
  return next === Number.POSITIVE_INFINITY ? undefined : next;
}

/**
 * What a chat entering a queue carries for the policies: its required skills, its preferred agent's reservation,
 * and when it entered (for widening and relaxation). `undefined` when nothing needs it, so the router keeps its fast
 * path for queues and chats without policies.
 */
export function taskPolicyOf(
  queue: QueuePolicies | undefined,
  now: number,
  skills: Readonly<Record<string, number>> | undefined,
  preferred: { readonly agentId: string; readonly reserveMs: number } | undefined,
): TaskPolicy | undefined {
  const timed = queue?.widening !== undefined || (queue?.skills?.relaxAfterMs?.length ?? 0) > 0;
  const hasSkills = skills !== undefined && Object.keys(skills).length > 0;
  if (!timed && !hasSkills && preferred === undefined) return undefined;
  return Object.freeze({
    since: now,
    ...(hasSkills ? { skills: Object.freeze({ ...skills }) } : {}),
    ...(preferred !== undefined ? { preferredAgentId: preferred.agentId, reservedUntil: now + preferred.reserveMs } : {}),
  });
}

/** What {@link admitChat} needs to know of the engine. */
export interface AdmissionView {
  policiesOf(queueId: string): QueuePolicies | undefined;
  /** Chats waiting (queued or offered) in the queue. */
  waiting(queueId: string): number;
  /** Whether some agent is online and logged into the queue. */
  anyoneLoggedIn(queueId: string): boolean;
}

/** Why a new chat went on to an overflow queue. */
export type OverflowCause = 'queue-closed' | 'nobody-logged-in' | 'queue-full';

/** Where a new chat goes, or why it is refused. */
export type Admission =
  | { readonly ok: true; readonly queueId: string; readonly overflowedFrom: ReadonlyArray<{ readonly queueId: string; readonly reason: OverflowCause }> }
  | { readonly ok: false; readonly code: 'queue-closed' | 'queue-full'; readonly queueId: string; readonly opensAt?: number };

/**
 * Start-time policies, in order (business hours, nobody logged in, queue length), following overflow targets. Each
 * queue is visited at most once: a cycle closed by a closed or full queue refuses with that queue's reason; one closed
 * by a queue nobody is logged into, coming back to a queue it left because that queue was closed or full, refuses with
 * the reason of the queue it comes back to (`queue-closed` with its `opensAt`, or `queue-full`) — never placed, so a
 * chat never starts in a closed queue through a loop; coming back to a queue left only because nobody was logged in,
 * it waits where it is (someone may log in).
 *
 * @example
 * ```ts
 * admitChat({ policiesOf: () => ({ overflow: { maxQueueLength: 0 } }), waiting: () => 0, anyoneLoggedIn: () => true }, 'sales', 0);
 * // → { ok: false, code: 'queue-full', queueId: 'sales' }
 * ```
 */
export function admitChat(view: AdmissionView, queueId: string, now: number): Admission {
  const visited: string[] = [];
  /** Queues the chain left because they refuse new chats now, with their refusal. */
  const refused = new Map<string, Extract<Admission, { ok: false }>>();
  const overflowedFrom: Array<{ queueId: string; reason: OverflowCause }> = [];
  let current = queueId;
  for (;;) {
    const policies = view.policiesOf(current);
    const to = policies?.overflow?.to;
    const refusal = (code: 'queue-closed' | 'queue-full', opensAt?: number): Extract<Admission, { ok: false }> => ({ ok: false, code, queueId: current, ...(opensAt !== undefined ? { opensAt } : {}) });
    const next = (code: 'queue-closed' | 'queue-full', opensAt?: number): string | Admission => {
      refused.set(current, refusal(code, opensAt));
      if (to !== undefined && !visited.includes(to) && to !== current) return to;
      return refusal(code, opensAt);
    };
    let target: string | Admission | undefined;
    let cause: OverflowCause = 'queue-closed';
    const hours = policies?.businessHours;
    if (hours !== undefined && !isOpen(hours, now)) {
      const opensAt = nextOpening(hours, now);
      target = hours.whenClosed === 'overflow' ? next('queue-closed', opensAt) : refusal('queue-closed', opensAt);
    } else if (policies?.overflow?.whenNobodyLoggedIn === true && to !== undefined && !view.anyoneLoggedIn(current)) {
      // Nobody to serve it here: go on if we can; back to a queue that refused it: refused for that queue's reason;
      // else wait here (no refusal: someone may log in).
      target = visited.includes(to) || to === current ? refused.get(to) : to;
      cause = 'nobody-logged-in';
    } else if (isFull(policies?.overflow, view.waiting(current))) {
      target = next('queue-full');
      cause = 'queue-full';
    }
    if (target === undefined) return { ok: true, queueId: current, overflowedFrom };
    if (typeof target !== 'string') return target;
    visited.push(current);
    overflowedFrom.push({ queueId: current, reason: cause });
    current = target;
  }
}
