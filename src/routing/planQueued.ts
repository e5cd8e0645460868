import { effectivePriority } from '../policies/aging';
import { chooseInTier } from '../policies/compose';
import type { RandomSource } from '../random/createRandom';
import type { GroupSig, PoolGroup } from './PoolGroup';
import type { QueueTasks } from './QueueTasks';
import { signatureOf } from './signature';
import { selectWithPolicies, type PolicyAgent } from './selectWithPolicies';
import type { OfferDecision, RoutingTask, Strategy } from './types';
import type { RoutingPolicy } from '../model/policies';

/** A queue as the planner sees it. */
export interface PlanQueue {
  readonly id: string;
  readonly policy: RoutingPolicy | undefined;
  readonly strategy: Strategy;
  readonly tasks: QueueTasks;
  readonly manual: boolean;
}

/** What {@link nextQueued} reads of the router. */
export interface PlanView {
  queue(queueId: string): PlanQueue;
  groupOf(queueId: string): PoolGroup;
  agentOf(agentId: string): PolicyAgent | undefined;
  coolingDown(taskId: string, agentId: string, now: number): boolean;
  hasDeclines(taskId: string): boolean;
  readonly rng: RandomSource;
  /** Signatures not blocked with waiting buckets, by group. */
  readonly active: Map<GroupSig, PoolGroup>;
  /** Queues whose irregular tasks may have become servable. */
  readonly dirtyIrregular: Set<string>;
}

/** A lower bound on what a signature heap or an irregular list offers, or (resolved) a decision found. */
type Bound =
  | { readonly task: RoutingTask; readonly kind: 'sig'; readonly sig: GroupSig; readonly group: PoolGroup }
  | { readonly task: RoutingTask; readonly kind: 'irregular'; readonly queueId: string }
  | { readonly task: RoutingTask; readonly kind: 'resolved'; readonly decision: OfferDecision };

/**
 * The best-ranked waiting task that some eligible agent may take, and who gets it; `undefined` when there is none.
 * Candidates are the top bucket head of every active signature heap (any agent meeting the signature serves all of
 * them alike, so one check decides the whole signature: it is marked blocked when it fails) and the first servable
 * irregular task of each dirty queue. They are looked at in serving order and the first that can be served wins, so
 * the work done is a function of the router's state alone (a restored router draws from `rng` as the original did).
 */
export function nextQueued(view: PlanView, now: number): OfferDecision | undefined {
  const bounds: Bound[] = [];
  for (const [sig, group] of view.active) {
    let any = false;
    for (const heap of sig.heaps.values()) {
      for (;;) {
        const top = heap.peek();
        if (top === undefined) break;
        if (view.groupOf(top.bucket.queueId) === group && top.bucket.list.at(0) === top.task && view.queue(top.bucket.queueId).tasks.buckets.get(top.bucket.key) === top.bucket) {
          bounds.push({ task: top.task, kind: 'sig', sig, group });
          any = true;
          break;
        }
        heap.pop();
      }
    }
    if (!any) view.active.delete(sig);
  }
  for (const queueId of view.dirtyIrregular) {
    const head = view.queue(queueId).tasks.irregular.at(0);
    if (head === undefined || view.queue(queueId).manual || view.groupOf(queueId).pool.size === 0) view.dirtyIrregular.delete(queueId);
    else bounds.push({ task: head, kind: 'irregular', queueId });
  }
  if (bounds.length === 0) return undefined;
  const order = (a: Bound, b: Bound) => rank(view, a.task, b.task, now);
  if (bounds.length > 1) bounds.sort(order);
  while (bounds.length > 0) {
    const bound = bounds.shift() as Bound;
    if (bound.kind === 'resolved') return bound.decision;
    if (bound.kind === 'sig') {
      if (bound.sig.blocked) continue;
      const agentIds = decideUniform(view, view.queue(bound.task.queueId as string), bound.group, bound.task, now);
      if (agentIds.length > 0) return { task: bound.task, agentIds };
      bound.sig.blocked = true;
      view.active.delete(bound.sig);
      continue;
    }
    const found = firstIrregular(view, view.queue(bound.queueId), now);
    if (found === undefined) {
      view.dirtyIrregular.delete(bound.queueId);
      continue;
    }
    const resolved: Bound = { task: found.task, kind: 'resolved', decision: found };
    let at = 0;
    while (at < bounds.length && order(bounds[at] as Bound, resolved) <= 0) at++;
    bounds.splice(at, 0, resolved);
  }
  return undefined;
}

/** Serving order: within a queue its own order; across queues effective priority now (aging), enqueue time, creation. */
function rank(view: PlanView, a: RoutingTask, b: RoutingTask, now: number): number {
  if (a === b) return 0;
  if (a.queueId === b.queueId) return view.queue(a.queueId as string).tasks.compare(a, b) || (a.id < b.id ? -1 : 1);
  const rateA = view.queue(a.queueId as string).policy?.agingPerMs ?? 0;
  const rateB = view.queue(b.queueId as string).policy?.agingPerMs ?? 0;
  const byPriority = rateA === 0 && rateB === 0 ? b.priority - a.priority : effectivePriority(b, rateB, now) - effectivePriority(a, rateA, now);
  return byPriority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq || (a.id < b.id ? -1 : 1);
}

/** Who gets a uniform task: the group's pool is the queue's (a proficiency pool for `preferProficiency`). */
function decideUniform(view: PlanView, queue: PlanQueue, group: PoolGroup, task: RoutingTask, now: number): readonly string[] {
  if ((queue.policy === undefined && task.policy === undefined) || task.kind !== 'chat') return group.pool.select(null);
  const skills = task.policy?.skills;
  if (queue.policy?.preferProficiency === true && skills !== undefined && queue.strategy.kind !== 'random') {
    const pool = group.proficiencyPool(signatureOf(task), skills);
    return chooseInTier(queue.strategy, pool.selectTier(() => true, Number.POSITIVE_INFINITY, queue.strategy.kind !== 'ordered'), view.rng).map((c) => c.agentId);
  }
  return selectWithPolicies(group.pool, queue.strategy, queue.policy, queue.id, task, now, view.agentOf, (id) => view.coolingDown(task.id, id, now), view.rng);
}

/** The first irregular task of a queue some eligible agent may take, walked in order as the router always did. */
function firstIrregular(view: PlanView, queue: PlanQueue, now: number): OfferDecision | undefined {
  const pool = view.groupOf(queue.id).pool;
  if (pool.size === 0) return undefined;
  const list = queue.tasks.irregular;
  for (let i = 0; i < list.size; i++) {
    const task = list.at(i) as RoutingTask;
    if ((queue.policy !== undefined || task.policy !== undefined) && task.kind === 'chat') {
      const chosen = selectWithPolicies(pool, queue.strategy, queue.policy, queue.id, task, now, view.agentOf, (id) => view.coolingDown(task.id, id, now), view.rng);
      if (chosen.length > 0) return { task, agentIds: chosen };
      continue;
    }
    const agentIds =
      !view.hasDeclines(task.id) && (task.exclude === null || task.exclude.size === 0)
        ? pool.select(null)
        : pool.select((agentId) => !task.exclude?.has(agentId) && !view.coolingDown(task.id, agentId, now));
    if (agentIds.length > 0) return { task, agentIds };
  }
  return undefined;
}
